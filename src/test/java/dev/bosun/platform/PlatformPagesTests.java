package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.RequiresProgram;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
@TestPropertySource(properties = ExampleFleet.OWN_CONTEXT)
@RequiresProgram("php")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    PlatformService platforms;

    @Autowired
    PackageRegistry registry;

    @Autowired
    TaskQueries taskQueries;

    @Autowired
    JdbcClient jdbc;

    ExampleFleet examples;

    @BeforeAll
    void setUp() throws Exception {
        examples = ExampleFleet.shared(platforms, registry, taskQueries, new Fleet(jdbc));
    }

    @Test
    void theComparePageJudgesEachTargetOfTheSite() throws Exception {
        Document page = page("/platforms/compare?site=" + examples.siteId);

        assertThat(targetRow(page, examples.newer.name())).contains("Yes");
        assertThat(targetRow(page, examples.lean.name())).contains("Yes");
        assertThat(targetRow(page, examples.olderSchema.name())).contains("No: 1 package would go back to an older schema.");
    }

    @Test
    void theComparePageShowsUpgradesOnTheNewerPlatform() throws Exception {
        Document page = page("/platforms/compare?site=" + examples.siteId + "&target=" + examples.newer.id());

        assertThat(result(page, "bosun_demo")).isEqualTo("Upgrade");
        assertThat(result(page, "system")).isEqualTo("Upgrade");
        assertThat(result(page, "drupal")).isEqualTo("Upgrade");
        assertThat(result(page, "token")).as("a git checkout of token without a version line").isEqualTo("Unknown: a version is unknown");
        assertThat(page.select(".alert-error")).isEmpty();
    }

    @Test
    void theComparePageShowsTheErrorThatRulesOutTheOlderSchemaPlatform() throws Exception {
        Document page = page("/platforms/compare?site=" + examples.siteId + "&target=" + examples.olderSchema.id());

        assertThat(result(page, "admin_toolbar")).isEqualTo("Error: target schema is lower than the installed schema");
        assertThat(row(page, "admin_toolbar")).contains("3.6.0 (schema 8002)").contains("3.5.0 (schema 8001)");
        assertThat(page.select(".alert-error").text()).contains("cannot take the site");
        assertThat(page.select(".card-head .muted").text()).contains("0 upgrades · 0 warnings · 1 error · ");
    }

    @Test
    void theComparePageWarnsAboutMissingAndOlderPackagesOnTheLeanPlatform() throws Exception {
        Document page = page("/platforms/compare?site=" + examples.siteId + "&target=" + examples.lean.id());

        assertThat(result(page, "pathauto")).isEqualTo("Warning: missing on the target");
        assertThat(row(page, "pathauto")).contains("missing");
        assertThat(result(page, "gin")).isEqualTo("Warning: older release on the target");
        assertThat(result(page, "node")).isEqualTo("Same");
    }

    @Test
    void twoPlatformsAreComparedPackageByPackageWithoutASite() throws Exception {
        Document page = page("/platforms/compare?from=" + examples.base.id() + "&target=" + examples.lean.id());

        var rows = page.select("#pair tbody tr");
        assertThat(rows.select("td.mono").eachText()).contains("pathauto", "node", "gin");
        assertThat(page.select("#pair tr:has(td.mono:matchesOwn(^pathauto$)) .badge").text())
                .isEqualTo("Warning: missing on the target");
        assertThat(page.select("#pair tr:has(td.mono:matchesOwn(^gin$)) .badge").text())
                .isEqualTo("Warning: older release on the target");
        assertThat(page.select("#pair thead").text()).contains(examples.base.name(), examples.lean.name());
        assertThat(page.select("#comparison-title")).as("no site, no site comparison").isEmpty();
    }

    @Test
    void aPlatformPageListsItsPackagesProfilesSitesAndTasks() throws Exception {
        Document page = page("/platforms/" + examples.base.id());

        assertThat(page.title()).isEqualTo(examples.base.name() + " · Bosun");
        assertThat(page.select("#content").text()).contains("Enabled").contains("10.3.6")
                .contains(examples.site.domain).contains("admin_toolbar").contains("8002")
                .contains("Example site").contains("de, en, fr, nl");
        assertThat(page.select(".task-buttons button").eachText()).containsExactly("Verify", "Lock");
        assertThat(page.select("table").text()).contains("verify");
    }

    @Test
    void registeringThroughTheFormQueuesAVerifyAndShowsItsStatus() throws Exception {
        String name = "Form " + UUID.randomUUID().toString().substring(0, 8);
        String root = ExamplePlatforms.copy().resolve("example-lean").toString();

        String location = mvc.perform(post("/platforms/new").with(csrf()).with(user("admin").roles("ADMIN"))
                        .param("name", name).param("serverId", Long.toString(new Fleet(jdbc).master()))
                        .param("rootPath", root).param("docroot", "web").param("drushPath", ""))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("/platforms/*"))
                .andExpect(flash().attribute("flash", "Platform " + name + " registered; its verify is queued."))
                .andReturn().getResponse().getRedirectedUrl();

        long platformId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        long verify = platforms.recentTasks(platformId, 1).get(0).id();
        assertThat(new PlatformTasks(taskQueries).awaitEnd(verify).status()).isEqualTo(TaskStatus.SUCCESS);
        Document page = page(location);
        assertThat(page.select(".card-head .badge").first().text()).isEqualTo("Enabled");
        assertThat(page.select("#content").text()).contains(root + "/vendor/bin/drush");
        assertThat(page.select("section[aria-labelledby=history-title] tbody").text()).contains("verify").contains("Success");
    }

    @Test
    void theFormShowsWhatIsWrongOnTheField() throws Exception {
        mvc.perform(post("/platforms/new").with(csrf()).with(user("admin").roles("ADMIN"))
                        .param("name", examples.base.name()).param("serverId", Long.toString(new Fleet(jdbc).master()))
                        .param("rootPath", "relative/path"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Use an absolute path of letters"),
                        containsString("has-error"))));
        mvc.perform(post("/platforms/new").with(csrf()).with(user("admin").roles("ADMIN"))
                        .param("name", examples.base.name()).param("serverId", Long.toString(new Fleet(jdbc).master()))
                        .param("rootPath", "/srv/elsewhere"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A platform named " + examples.base.name() + " exists already.")));
    }

    @Test
    void anOperatorIsToldToKeepDrushInsideThePlatformRoot() throws Exception {
        mvc.perform(post("/platforms/new").with(csrf()).with(user("operator").roles("OPERATOR"))
                        .param("name", "Op " + UUID.randomUUID()).param("serverId", Long.toString(new Fleet(jdbc).master()))
                        .param("rootPath", "/srv/op-" + UUID.randomUUID()).param("drushPath", "/usr/bin/python3"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Use a drush inside the platform&#39;s root"),
                        containsString("has-error"))));
    }

    @Test
    void aPlatformWithSitesOffersNoDeleteAndSaysWhy() throws Exception {
        Document page = page("/platforms/" + examples.base.id());

        assertThat(page.select(".task-buttons").text()).doesNotContain("Delete");
        assertThat(page.select("#content").text()).contains("Delete is offered once no site is on it (1 now).");
        mvc.perform(post("/platforms/" + examples.base.id() + "/tasks/delete").with(csrf()).with(user("admin").roles("ADMIN")))
                .andExpect(flash().attribute("flash", containsString("Not queued: Platform " + examples.base.name()
                        + " still has 1 site")));
    }

    @Test
    void anUnknownPlatformPageIs404() throws Exception {
        mvc.perform(get("/platforms/999999").with(user("admin").roles("ADMIN"))).andExpect(status().isNotFound());
    }

    @Test
    void clientUsersCannotOpenPlatformPages() throws Exception {
        mvc.perform(get("/platforms").with(user("someclient").roles("CLIENT"))).andExpect(status().isForbidden());
        mvc.perform(get("/platforms/compare").with(user("someclient").roles("CLIENT"))).andExpect(status().isForbidden());
        mvc.perform(get("/platforms").with(user("op").roles("OPERATOR")))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString("No platforms yet"))));
    }

    private Document page(String path) throws Exception {
        String html = mvc.perform(get(path).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html);
    }

    private static String targetRow(Document page, String platform) {
        return page.select("section[aria-labelledby=targets-title] tbody tr").stream()
                .filter(tr -> tr.select("td").first().text().startsWith(platform))
                .map(Element::text).findFirst().orElseThrow(() -> new AssertionError("no target row " + platform));
    }

    private static String row(Document page, String pkg) {
        return rowElement(page, pkg).text();
    }

    private static String result(Document page, String pkg) {
        return rowElement(page, pkg).select(".badge").text();
    }

    private static Element rowElement(Document page, String pkg) {
        return page.select("section[aria-labelledby=comparison-title] tbody tr").stream()
                .filter(tr -> tr.select("td").first().text().equals(pkg))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + pkg + " in " + page.select("tbody").text()));
    }

    @Test
    void anAdministratorSetsTheCheckPathOnThePlatformPageAndABadOneIsShownOnTheField() throws Exception {
        long id = examples.lean.id();
        try {
            Document page = Jsoup.parse(mvc.perform(get("/platforms/" + id).with(user("admin").roles("ADMIN")))
                    .andReturn().getResponse().getContentAsString());
            assertThat(page.select("#check-path-form input[name=checkPath]").attr("value")).isEqualTo("/");

            mvc.perform(post("/platforms/" + id + "/check-path").with(csrf()).with(user("admin").roles("ADMIN"))
                            .param("checkPath", " /user/login "))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(flash().attribute("flash", "Site tasks now ask the sites of this platform for "
                            + "/user/login to confirm they serve."));
            assertThat(platforms.checkPath(id)).isEqualTo("/user/login");

            Document refused = Jsoup.parse(mvc.perform(post("/platforms/" + id + "/check-path").with(csrf())
                            .with(user("admin").roles("ADMIN")).param("checkPath", "user/login"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
            assertThat(refused.select("#check-path-form .has-error .field-error").text())
                    .startsWith("Write a path that starts with /");
            assertThat(platforms.checkPath(id)).isEqualTo("/user/login");

            mvc.perform(post("/platforms/" + id + "/check-path").with(csrf()).with(user("operator").roles("OPERATOR"))
                            .param("checkPath", "/"))
                    .andExpect(status().isForbidden());
            Document operatorPage = Jsoup.parse(mvc.perform(get("/platforms/" + id)
                    .with(user("operator").roles("OPERATOR"))).andReturn().getResponse().getContentAsString());
            assertThat(operatorPage.select("#check-path-form")).isEmpty();
            assertThat(operatorPage.text()).contains("Check path: /user/login");
        } finally {
            platforms.setCheckPath(id, "/", "admin");
        }
    }
}
