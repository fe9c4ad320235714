package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The task page and the site page as a person follows a task, in headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestTaskHandlers.class)
@TestPropertySource(properties = {"bosun.tasks.lease=2s", "bosun.tasks.sweep-interval=1s"})
@RequiresProgram({"chromium", "chromedriver"})
class TaskPagesBrowserTests {

    static WebDriver driver;

    @LocalServerPort
    int port;

    @Autowired
    TaskService tasks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClientService clients;

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void stepsAndStatusFollowTheTaskLiveAndTheFoldedLogNamesTheWarning() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("two-gates", site, null, Map.of(), "admin")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("first"));
        Browser.signInAsAdmin(driver, url(""));
        driver.get(url("/tasks/" + id));
        var wait = new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
        // the summary is swapped in live: every read goes through the wait, which reads again a swapped element
        assertThat(wait.<String>until(d -> stepsTable())).contains("first").doesNotContain("welcome mail");
        ((JavascriptExecutor) driver).executeScript("window.notReloaded = true;");

        TestTaskHandlers.gate(site).countDown();
        wait.until(d -> stepsTable().contains("welcome mail"));
        wait.until(d -> !d.findElements(By.cssSelector("#task-summary .step-flag.badge-warning")).isEmpty());
        assertThat(wait.<String>until(d -> d.findElement(By.cssSelector("#task-summary .badge")).getText()))
                .isEqualTo("Processing");
        Browser.screenshot(driver, "task-live-steps");

        TestTaskHandlers.secondGate(site).countDown();
        wait.until(d -> d.findElement(By.cssSelector("#task-summary .badge")).getText().equals("Warning"));
        wait.until(d -> !d.findElements(By.cssSelector("details.log-fold-warning[open]")).isEmpty());
        assertThat(((JavascriptExecutor) driver).executeScript("return window.notReloaded === true;"))
                .as("the page followed the task without a reload").isEqualTo(true);
        assertThat(wait.<String>until(d -> d.findElement(By.id("task-summary")).getText()))
                .contains("Warning in step welcome mail: no mail server configured");
        assertThat(driver.findElement(By.cssSelector("details.log-fold-warning summary")).getText())
                .contains("Step welcome mail", "warning");
        assertThat(driver.findElements(By.cssSelector("details.log-fold"))).hasSize(2);
        assertThat(driver.findElement(By.id("log-download")).getAttribute("href")).endsWith("/tasks/" + id + "/log.txt");

        driver.findElement(By.id("log-search")).sendKeys("mail server");
        wait.until(d -> d.findElement(By.id("log-search-count")).getText().equals("2 lines match"));
        assertThat(driver.findElements(By.cssSelector("details.log-fold.log-hidden"))).as("the first step's fold")
                .hasSize(1);
        Browser.screenshot(driver, "task-folded-log");
    }

    @Test
    void aFailedInstallShowsItsReasonWithRetryAndDeleteInsteadOfQueued() throws Exception {
        long client = clients.create(new ClientForm("Failed Install Co " + System.nanoTime(), null)).id();
        String domain = "failed-" + System.nanoTime() + ".example.com";
        long site = queuedSite(domain, client);
        jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, site_id, status, requested_by, summary,
                                           target_label, client_id, started_at, finished_at)
                        VALUES ('install', 'SITE', :site, :site, 'ERROR', 'admin',
                                'Error in step create database: Access denied for user bosun', :domain, :client,
                                now(), now())""")
                .param("site", site).param("domain", domain).param("client", client).update();

        Browser.signInAsAdmin(driver, url(""));
        driver.get(url("/sites/" + site));

        assertThat(driver.findElement(By.id("site-state")).getText()).isEqualTo("Install failed");
        assertThat(driver.findElement(By.id("install-failed-reason")).getText())
                .isEqualTo("Error in step create database: Access denied for user bosun");
        assertThat(driver.findElement(By.id("task-install")).getText()).isEqualTo("Retry install");
        assertThat(driver.findElements(By.id("task-delete"))).hasSize(1);
        assertThat(driver.findElement(By.cssSelector("#site-live .card-head")).getText()).doesNotContain("Queued");
        Browser.screenshot(driver, "site-install-failed");
    }

    private String stepsTable() {
        return driver.findElement(By.cssSelector("#task-summary table")).getText();
    }

    private long queuedSite(String domain, long client) {
        String tag = Long.toString(System.nanoTime(), 36);
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:n, 'localhost') RETURNING id")
                .param("n", "srv-" + tag).query(Long.class).single();
        long db = jdbc.sql("INSERT INTO services (server_id, kind, type) VALUES (:s, 'db', 'mariadb') RETURNING id")
                .param("s", server).query(Long.class).single();
        long platform = jdbc.sql("INSERT INTO platforms (name, server_id, root_path) VALUES (:n, :s, '/srv/p') RETURNING id")
                .param("n", "pl-" + tag).param("s", server).query(Long.class).single();
        return jdbc.sql("""
                        INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                        VALUES (:d, :c, :p, :db, 'standard', 'QUEUED') RETURNING id""")
                .param("d", domain).param("c", client).param("p", platform).param("db", db)
                .query(Long.class).single();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
