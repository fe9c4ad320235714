package dev.bosun;

import static dev.bosun.test.BosunTest.ADMIN_PASSWORD;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import dev.bosun.test.TcpProxy;
import dev.bosun.test.TestDatabaseInitializer;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

/** The panel while its own PostgreSQL is unreachable: health DOWN, the API 503 (not 401), and back after. */
@SpringBootTest
@AutoConfigureMockMvc
@ContextConfiguration(initializers = DatabaseUnreachableTests.ThroughProxy.class)
class DatabaseUnreachableTests {

    /** Between the panel and its database, open until the JVM ends (the context may outlive the test class). */
    static TcpProxy proxy;

    @Autowired
    MockMvc mvc;

    @AfterEach
    void restore() {
        proxy.restore();
    }

    @Test
    void healthIsDownAndTheApiAnswers503WhileTheDatabaseIsUnreachable() throws Exception {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> mvc.perform(get("/api/v1/sites")
                .with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk()));

        proxy.cut();

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> mvc.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN")));
        // More attempts than the lock allows: a sign-in that could not be checked is no failed sign-in.
        for (int attempt = 0; attempt < 6; attempt++) {
            mvc.perform(get("/api/v1/sites").with(httpBasic("admin", ADMIN_PASSWORD)))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.title").value(DatabaseUnreachable.TITLE))
                    .andExpect(jsonPath("$.status").value(503));
        }

        proxy.restore();

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> mvc.perform(get("/api/v1/sites")
                .with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk()));
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/sites").with(httpBasic("admin", "wrong-password")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aBearerTokenThatCannotBeCheckedAnswers503() throws Exception {
        proxy.cut();

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> mvc.perform(get("/api/v1/sites")
                        .header("Authorization", "Bearer bsn_not-a-real-token"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value(DatabaseUnreachable.TITLE)));
    }

    @Test
    void theLoginFormAnswersWithThe503Page() throws Exception {
        proxy.cut();

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> mvc.perform(post("/login").with(csrf())
                        .param("username", "admin").param("password", ADMIN_PASSWORD))
                .andExpect(status().isServiceUnavailable())
                .andExpect(status().reason(DatabaseUnreachable.TITLE)));
    }

    /** The test database, reached through {@link #proxy}; a short pool timeout keeps the test quick. */
    static class ThroughProxy implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            new TestDatabaseInitializer().initialize(context);
            TestDatabases.Server server = TestDatabases.postgres();
            String url = context.getEnvironment().getRequiredProperty("spring.datasource.url");
            proxy = new TcpProxy(server.host(), server.port());
            TestPropertyValues.of(
                    "spring.datasource.url=" + url.replace(server.host() + ":" + server.port(),
                            "127.0.0.1:" + proxy.port()),
                    "spring.datasource.hikari.connection-timeout=1000",
                    "spring.datasource.hikari.validation-timeout=500"
            ).applyTo(context);
        }
    }
}
