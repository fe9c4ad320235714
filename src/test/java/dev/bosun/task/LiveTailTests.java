package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.bosun.task.internal.LogFeed;
import dev.bosun.test.BosunTest;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The live tail over real HTTP: {@code curl -N .../log?follow=true} and the task page in a browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestTaskHandlers.class)
@TestPropertySource(properties = {"bosun.tasks.lease=2s", "bosun.tasks.sweep-interval=1s",
        "bosun.tasks.per-server-limit=1"})
class LiveTailTests {

    @LocalServerPort
    int port;

    @Autowired
    TaskService tasks;

    @Autowired
    LogFeed feed;

    @Autowired
    TaskQueries queries;

    @Autowired
    JdbcClient jdbc;

    @Test
    void followingTheLogStreamsLinesWhileTheTaskRunsAndEndsWithIt() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "admin")).task().id();
        List<String> received = new CopyOnWriteArrayList<>();

        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/v1/tasks/" + id + "/log?follow=true")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + BosunTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body().forEach(received::add));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(l -> l.endsWith("waiting for the gate")));
        assertThat(reading).as("the stream stays open while the task runs").isNotDone();
        TestTaskHandlers.gate(site).countDown();

        reading.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(received).hasSize(4);
        assertThat(received.get(0)).endsWith("INFO    [prepare] prepared");
        assertThat(received.get(1)).endsWith("INFO    [wait] waiting for the gate");
        assertThat(received.get(2)).endsWith("INFO    [wait] gate opened");
        assertThat(received.get(3)).isEqualTo("-- task " + id + " ended: SUCCESS");
    }

    @Test
    void twoFollowersOfOneTaskGetEveryLineFromOneReader() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "admin")).task().id();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> readingFirst = follow(id, first);
        CompletableFuture<Void> readingSecond = follow(id, second);

        await().atMost(Duration.ofSeconds(10)).until(() -> first.stream().anyMatch(l -> l.endsWith("waiting for the gate"))
                && second.stream().anyMatch(l -> l.endsWith("waiting for the gate")));
        assertThat(feed.followedTasks()).as("one reader for the task, whoever follows it").isEqualTo(1);
        TestTaskHandlers.gate(site).countDown();

        readingFirst.get(20, java.util.concurrent.TimeUnit.SECONDS);
        readingSecond.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first).hasSize(4).last().isEqualTo("-- task " + id + " ended: SUCCESS");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFollowerOfAQueuedTaskGetsTheResponseBeforeItsFirstLine() throws Exception {
        // One task at a time per server here: the second waits in the queue, without a line, for the first.
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:name, 'localhost') RETURNING id")
                .param("name", "tail-" + System.nanoTime()).query(Long.class).single();
        long site = Targets.next();
        long waiting = Targets.next();
        long running = tasks.queue(TaskRequest.forSite("block", site, server, Map.of(), "admin")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));
        long queued = tasks.queue(TaskRequest.forSite("block", waiting, server, Map.of(), "admin")).task().id();

        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/v1/tasks/" + queued + "/log?follow=true")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + BosunTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queries.summary(queued).orElseThrow().status()).as("the headers came while the task waited, without a line")
                .isEqualTo(TaskStatus.QUEUED);
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body().forEach(received::add));

        TestTaskHandlers.gate(site).countDown();
        TestTaskHandlers.gate(waiting).countDown();
        reading.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(received).last().isEqualTo("-- task " + queued + " ended: SUCCESS");
        assertThat(queries.summary(running).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
    }

    private CompletableFuture<Void> follow(long id, List<String> received) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/v1/tasks/" + id + "/log?follow=true")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + BosunTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return CompletableFuture.runAsync(() -> response.body().forEach(received::add));
    }

    @Test
    @RequiresProgram({"chromium", "chromedriver"})
    void theTaskPageAppendsNewLinesLiveAndShowsTheEnd() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "admin")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));
        WebDriver driver = Browser.start();
        try {
            signIn(driver);
            driver.get(url("/tasks/" + id));
            var wait = new WebDriverWait(driver, Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            wait.until(d -> d.findElement(By.id("task-log")).getText().contains("waiting for the gate"));
            // The summary is swapped in again when the stream reports progress: read it through the wait.
            wait.until(d -> d.findElement(By.cssSelector("#task-summary .badge")).getText().equals("Processing"));
            Browser.screenshot(driver, "task-running");

            TestTaskHandlers.gate(site).countDown();

            wait.until(d -> d.findElement(By.id("task-log")).getText().contains("gate opened"));
            wait.until(d -> d.findElement(By.cssSelector("#task-summary .badge")).getText().equals("Success"));
            assertThat(driver.findElements(By.cssSelector("#task-log li"))).hasSize(3);
            assertThat(driver.findElement(By.id("task-summary")).getText()).contains("prepare", "wait", "Done");
            Browser.screenshot(driver, "task-finished");
        } finally {
            driver.quit();
        }
    }

    private void signIn(WebDriver driver) {
        Browser.signInAsAdmin(driver, url(""));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
