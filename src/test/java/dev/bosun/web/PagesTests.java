package dev.bosun.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

@BosunTest
// Its own panel and database: the empty dashboard is only empty where no other test class queued tasks.
@TestPropertySource(properties = "bosun.test.context=pages")
class PagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ResourceUrlProvider resourceUrls;

    @Test
    void dashboardShowsNavigationAndTheEmptyQueue() throws Exception {
        mvc.perform(get("/").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString(">Dashboard<"), containsString(">Sites<"), containsString(">Platforms<"),
                        containsString(">Servers<"), containsString(">Clients<"), containsString(">Tasks<"),
                        containsString(">Admin<"), containsString("Task queue"), containsString("No tasks yet"),
                        containsString("htmx.min.js"))));
    }

    @Test
    void everyNavigationPageRendersForAnAdmin() throws Exception {
        for (String page : new String[] {"/sites", "/platforms", "/servers", "/clients", "/tasks", "/admin",
                "/account/password"}) {
            mvc.perform(get(page).with(user("admin").roles("ADMIN")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("class=\"sidebar\"")));
        }
    }

    @Test
    void clientSeesNoAdminEntriesInTheNavigation() throws Exception {
        mvc.perform(get("/").with(user("someclient").roles("CLIENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString(">Sites<"), containsString(">Tasks<"),
                        org.hamcrest.Matchers.not(containsString("href=\"/servers\"")),
                        org.hamcrest.Matchers.not(containsString("href=\"/admin\"")),
                        org.hamcrest.Matchers.not(containsString("href=\"/platforms\"")))));
    }


    @Test
    void htmxIsServedFromTheWebjar() throws Exception {
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx-ext-sse/sse.js")).andExpect(status().isOk());
    }

    @Test
    void staticFilesAreServedWithTheirCacheHeader() throws Exception {
        for (String file : new String[] {"/css/bosun.css", "/js/bosun.js", "/img/logo.svg", "/favicon.svg",
                "/webjars/htmx.org/dist/htmx.min.js"}) {
            mvc.perform(get(file)).andExpect(status().isOk())
                    .andExpect(header().string("Cache-Control", containsString("max-age=3600")));
        }
        mvc.perform(get("/css/no-such-file.css")).andExpect(status().isNotFound());
    }

    @Test
    void pageLinksAreNoStaticFileCandidates() throws Exception {
        // Each rendered link passes the resource URL encoding; only the static files' own paths are looked up.
        assertThat(resourceUrls.getHandlerMap().keySet())
                .contains("/css/**", "/img/**", "/js/**", "/favicon.*", "/webjars/**")
                .doesNotContain("/**");
        // The versionless WebJar link is rendered with the WebJar's version (a new htmx is a new URL).
        mvc.perform(get("/").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(
                        matchesPattern("(?s).*src=\"/webjars/htmx\\.org/\\d[^/\"]*/dist/htmx\\.min\\.js\".*")))
                .andExpect(content().string(not(containsString("src=\"/webjars/htmx.org/dist/"))));
    }
}
