package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.test.BosunTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@TaskTest
class TaskWebTests {

    /** The lines a task page opens with, and those each "earlier" part adds (TaskPagesController). */
    static final int LINES_ON_PAGE = 1000;

    @Autowired
    MockMvc mvc;

    @Autowired
    TaskService tasks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    long failed;
    long failedSite;

    @BeforeEach
    void aFailedTask() {
        failedSite = Targets.next();
        failed = tasks.queue(TaskRequest.forSite("steps", failedSite, null,
                Map.of("steps", List.of("alpha", "beta"), "failAt", "beta"), "alice")).task().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks.find(failed).orElseThrow().status().isFinished());
    }

    @Test
    void taskPageShowsStatusAsTextStepsWithTimingsAndTheLog() throws Exception {
        mvc.perform(get("/tasks/" + failed).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("badge-error"), containsString(">Error<"),
                        containsString(">alpha<"), containsString(">beta<"), containsString(">Undone<"),
                        containsString("Step &#39;beta&#39; failed: beta broke"),
                        containsString("Rolling back 2 recorded change(s), newest first."),
                        containsString("id=\"task-journal\""), containsString(">the change of alpha<"),
                        containsString(">the change of beta<"),
                        containsString("/tasks/" + failed + "/retry"),
                        not(containsString("sse-connect")))));
    }

    @Test
    void aSiteTaskPageLinksBackToItsSiteAndAPlatformTaskToItsPlatform() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/tasks/" + failed).with(user("admin").roles("ADMIN")))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("#task-target").attr("href")).isEqualTo("/sites/" + failedSite);

        long platform = Targets.next();
        long platformTask = jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, status, requested_by, finished_at)
                        VALUES ('verify', 'PLATFORM', :platform, 'ERROR', 'admin', now()) RETURNING id""")
                .param("platform", platform).query(Long.class).single();
        Document platformPage = Jsoup.parse(mvc.perform(get("/tasks/" + platformTask)
                .with(user("admin").roles("ADMIN"))).andReturn().getResponse().getContentAsString());
        assertThat(platformPage.select("#task-target").attr("href")).isEqualTo("/platforms/" + platform);
    }

    @Test
    void anOpenTaskPageConnectsTheLiveTail() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));
        try {
            mvc.perform(get("/tasks/" + id).with(user("admin").roles("ADMIN")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("sse-connect=\"/tasks/" + id + "/stream?after="),
                            containsString("sse-close=\"end\""), containsString("sse-swap=\"line\""),
                            containsString("hx-trigger=\"sse:progress, sse:end, every 5s\""), containsString(">Running<"))));
        } finally {
            TestTaskHandlers.gate(site).countDown();
        }
    }

    @Test
    void aWarnedTaskNamesItsStepInTheOutcomeTheStepsTableAndTheFoldedLog() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("steps", site, null,
                Map.of("steps", List.of("settings", "welcome mail"), "warnAt", "welcome mail"), "alice")).task().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks.find(id).orElseThrow().status().isFinished());

        Document page = Jsoup.parse(mvc.perform(get("/tasks/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#task-summary dl").text())
                .contains("Warning in step welcome mail: Something looks odd in welcome mail");
        assertThat(page.select("#task-steps tbody tr").eachText()).satisfiesExactly(
                settings -> assertThat(settings).contains("settings").doesNotContain("warning"),
                mail -> assertThat(mail).contains("welcome mail", "warning"));
        assertThat(page.select("details.log-fold")).hasSize(2);
        assertThat(page.select("details.log-fold").get(0).hasAttr("open")).as("a clean step stays folded").isFalse();
        assertThat(page.select("details.log-fold-warning[open] summary").text()).contains("Step welcome mail");
        assertThat(page.select("details.log-fold-warning li").eachText())
                .anyMatch(line -> line.contains("Something looks odd in welcome mail"));
        assertThat(page.select("#log-download").attr("href")).isEqualTo("/tasks/" + id + "/log.txt");
    }

    @Test
    void theFullLogDownloadsAsPlainTextForWhoMaySeeTheTask() throws Exception {
        MvcResult download = mvc.perform(get("/tasks/" + failed + "/log.txt").with(user("admin").roles("ADMIN")))
                .andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(download))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(header().string("Content-Disposition", containsString("task-" + failed + ".log")))
                .andExpect(content().string(allOf(containsString(" INFO    [alpha] Running alpha\n"),
                        containsString(" ERROR   [beta] Step 'beta' failed: beta broke\n"))));

        String stranger = "stranger" + Targets.next();
        accounts.createUser(stranger, "stranger-password-1", Role.CLIENT, null);
        mvc.perform(get("/tasks/" + failed + "/log.txt").with(user(stranger).roles("CLIENT")))
                .andExpect(status().isNotFound());
    }

    @Test
    void aLongLogOpensOnItsEndLoadsEarlierPartsOnDemandAndDownloadsWhole() throws Exception {
        int written = 20_000;
        long id = tasks.queue(TaskRequest.forSite("noop", Targets.next(), null, Map.of("lines", written), "a"))
                .task().id();
        await().atMost(Duration.ofSeconds(60)).until(() -> tasks.find(id).orElseThrow().status().isFinished());

        Document page = Jsoup.parse(mvc.perform(get("/tasks/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<String> shown = page.select("#task-log li").eachText();
        assertThat(shown).hasSize(LINES_ON_PAGE);
        assertThat(shown).anyMatch(line -> line.endsWith("line " + written)).noneMatch(line -> line.endsWith(" line 1"));
        assertThat(page.select("#log-download").attr("href")).isEqualTo("/tasks/" + id + "/log.txt");
        String earlier = page.select("#log-earlier").attr("hx-get");
        assertThat(earlier).startsWith("/tasks/" + id + "/log-earlier?before=");

        Document part = Jsoup.parseBodyFragment(mvc.perform(get(earlier).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<String> before = part.select("li").eachText();
        int firstShown = Integer.parseInt(shown.get(0).replaceAll(".* line ", ""));
        assertThat(before).hasSize(LINES_ON_PAGE)
                .last().asString().endsWith("line " + (firstShown - 1));
        assertThat(part.select("#log-earlier").attr("hx-get")).as("and a link to the part before that")
                .isNotEqualTo(earlier).startsWith("/tasks/" + id + "/log-earlier?before=");

        MvcResult download = mvc.perform(get("/tasks/" + id + "/log.txt").with(user("admin").roles("ADMIN")))
                .andExpect(request().asyncStarted()).andReturn();
        String text = mvc.perform(asyncDispatch(download)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(text.lines().filter(line -> line.contains("[work] line "))).hasSize(written);
        assertThat(text).contains("[work] line 1\n", "[work] line " + written + "\n");
    }

    @Test
    void liveTailStreamSendsTheLinesInOrderThenEndsWhenTheTaskEnds() throws Exception {
        long site = Targets.next();
        long id = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));

        MvcResult stream = mvc.perform(get("/tasks/" + id + "/stream").with(user("admin").roles("ADMIN")))
                .andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stream.getResponse().getContentAsString().contains("waiting for the gate"));
        assertThat(stream.getResponse().getContentAsString()).doesNotContain("event:end");
        TestTaskHandlers.gate(site).countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> stream.getResponse().getContentAsString().contains("event:end"));
        stream.getAsyncResult(5000);
        mvc.perform(asyncDispatch(stream)).andExpect(status().isOk());
        String body = stream.getResponse().getContentAsString();
        assertThat(body).containsSubsequence("prepared", "waiting for the gate", "gate opened", "event:end",
                "data:SUCCESS");
        assertThat(body).contains("event:progress").containsSubsequence("event:progress", "data:SUCCESS 1:DONE,2:DONE");
        assertThat(body).containsOnlyOnce("gate opened").containsOnlyOnce("prepared");
    }

    @Test
    void listFiltersByStatusTypeAndSiteAndPages() throws Exception {
        mvc.perform(get("/tasks").param("status", "ERROR").param("type", "steps")
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("All tasks"), containsString("Task queue"),
                        containsString("href=\"/tasks/" + failed + "\""))));
        mvc.perform(get("/tasks").param("status", "SUCCESS").param("siteId", String.valueOf(failedSite))
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No task matches")));

        mvc.perform(get("/api/v1/tasks").param("type", "steps").param("status", "ERROR").param("size", "1")
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(1))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].status").value("ERROR"));
        mvc.perform(get("/api/v1/tasks").param("siteId", String.valueOf(failedSite))
                        .with(user("admin").roles("ADMIN")))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(failed));
    }

    @Test
    void apiShowsATaskWithStepsAndItsLogAsPlainText() throws Exception {
        mvc.perform(get("/api/v1/tasks/" + failed).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ERROR"))
                .andExpect(jsonPath("$.args.failAt").value("beta"))
                .andExpect(jsonPath("$.steps[0].name").value("alpha"))
                .andExpect(jsonPath("$.steps[1].status").value("UNDONE"))
                .andExpect(jsonPath("$.createdAt").value(org.hamcrest.Matchers.endsWith("Z")));
        MvcResult log = mvc.perform(get("/api/v1/tasks/" + failed + "/log")
                        .with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(log))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content().string(allOf(containsString(" INFO    [alpha] Running alpha\n"),
                        containsString(" ERROR   [beta] Step 'beta' failed: beta broke\n"))));
    }

    @Test
    void apiRetriesAFailedTaskAndAnswersConflictsWithTheTask() throws Exception {
        mvc.perform(post("/api/v1/tasks/" + failed + "/retry").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.type").value("steps"))
                .andExpect(jsonPath("$.targetId").value(failedSite));

        long site = Targets.next();
        long running = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));
            mvc.perform(post("/api/v1/tasks/" + running + "/cancel").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.detail").value("Only a queued task can be cancelled; task " + running
                            + " is processing."))
                    .andExpect(jsonPath("$.task.id").value(running));
            mvc.perform(post("/api/v1/tasks/" + running + "/retry").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                    .andExpect(status().isConflict());
        } finally {
            TestTaskHandlers.gate(site).countDown();
        }
    }

    @Test
    void retryWhileTheSameTypeIsOpenAnswers409WithTheOpenTask() throws Exception {
        tasks.queue(TaskRequest.forSite("block", failedSite, null, Map.of(), "a"));
        long open = tasks.queue(TaskRequest.forSite("steps", failedSite, null, Map.of(), "a")).task().id();
        try {
            mvc.perform(post("/api/v1/tasks/" + failed + "/retry").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.task.id").value(open))
                    .andExpect(jsonPath("$.task.status").value("QUEUED"))
                    .andExpect(jsonPath("$.detail").value("A steps task for this site is already queued (task " + open
                            + ")."));
        } finally {
            TestTaskHandlers.gate(failedSite).countDown();
        }
    }

    @Test
    void pagesRetryWithCsrfAndRedirectToTheNewTask() throws Exception {
        String operator = "ops" + Targets.next();
        accounts.createUser(operator, "operator-password", Role.OPERATOR, null);
        mvc.perform(post("/tasks/" + failed + "/retry").with(user("admin").roles("ADMIN")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/tasks/" + failed + "/retry").with(csrf()).with(user(operator).roles("OPERATOR")))
                .andExpect(status().isFound())
                .andExpect(redirectedUrlPattern("/tasks/*"));
    }

    @Test
    void clientUsersSeeOnlyTasksOfTheirClientsSitesAndCannotActOnThem() throws Exception {
        long client = jdbc.sql("INSERT INTO clients (name) VALUES (:n) RETURNING id").param("n", "c" + Targets.next())
                .query(Long.class).single();
        long ownSite = site(client);
        String username = "client" + Targets.next();
        accounts.createUser(username, "client-password-1", Role.CLIENT, null);
        jdbc.sql("INSERT INTO client_users (client_id, user_id) SELECT :c, id FROM users WHERE username = :u")
                .param("c", client).param("u", username).update();
        long own = tasks.queue(TaskRequest.forSite("steps", ownSite, null, Map.of("failAt", "one"), "a")
                .listedAs("own.example.com", client)).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.find(own).orElseThrow().status().isFinished());

        mvc.perform(get("/api/v1/tasks/" + own).with(httpBasic(username, "client-password-1")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/tasks/" + failed).with(httpBasic(username, "client-password-1")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/tasks/" + failed + "/log").with(httpBasic(username, "client-password-1")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tasks").with(httpBasic(username, "client-password-1")))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(own));
        mvc.perform(post("/api/v1/tasks/" + own + "/retry").with(httpBasic(username, "client-password-1")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/tasks/" + failed).with(user(username).roles("CLIENT"))).andExpect(status().isNotFound());
        mvc.perform(get("/tasks/" + own).with(user(username).roles("CLIENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("/retry"))));
    }

    @Test
    void operatorsDoNotSeeServerTasksWhichAreForAdministrators() throws Exception {
        String operator = "ops" + Targets.next();
        accounts.createUser(operator, "operator-password", Role.OPERATOR, null);
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:n, 'localhost') RETURNING id")
                .param("n", "s" + Targets.next()).query(Long.class).single();
        long serverTask = jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, server_id, status, requested_by, finished_at)
                        VALUES ('verify', 'SERVER', :server, :server, 'ERROR', 'admin', now()) RETURNING id""")
                .param("server", server).query(Long.class).single();
        String link = "/tasks/" + serverTask + "\"";

        mvc.perform(get("/api/v1/tasks/" + serverTask).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/tasks").param("size", "200").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(jsonPath("$.items[*].id", hasItem((int) serverTask)));
        mvc.perform(get("/tasks").with(user("admin").roles("ADMIN"))).andExpect(content().string(containsString(link)));

        mvc.perform(get("/api/v1/tasks/" + serverTask).with(httpBasic(operator, "operator-password")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/tasks/" + serverTask + "/log").with(httpBasic(operator, "operator-password")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/tasks/" + serverTask + "/retry").with(httpBasic(operator, "operator-password")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tasks").param("size", "200").with(httpBasic(operator, "operator-password")))
                .andExpect(jsonPath("$.items[*].id", not(hasItem((int) serverTask))));
        mvc.perform(get("/tasks/" + serverTask).with(user(operator).roles("OPERATOR")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/tasks/" + serverTask + "/stream").with(user(operator).roles("OPERATOR")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/tasks").with(user(operator).roles("OPERATOR")))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString(link))));
        mvc.perform(get("/").with(user(operator).roles("OPERATOR")))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString(link))));
    }

    private long site(long client) {
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:n, 'localhost') RETURNING id")
                .param("n", "s" + Targets.next()).query(Long.class).single();
        long db = jdbc.sql("INSERT INTO services (server_id, kind, type) VALUES (:s, 'db', 'mariadb') RETURNING id")
                .param("s", server).query(Long.class).single();
        long platform = jdbc.sql("""
                        INSERT INTO platforms (name, server_id, root_path) VALUES (:n, :s, '/var/www/p') RETURNING id""")
                .param("n", "p" + Targets.next()).param("s", server).query(Long.class).single();
        return jdbc.sql("""
                        INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile)
                        VALUES (:d, :c, :p, :db, 'standard') RETURNING id""")
                .param("d", "site" + Targets.next() + ".example.com").param("c", client).param("p", platform)
                .param("db", db).query(Long.class).single();
    }
}
