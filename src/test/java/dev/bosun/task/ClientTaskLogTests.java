package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Map;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/** A client user's view of its own site's task: no commands, no command output, no absolute paths; staff see all. */
@TaskTest
class ClientTaskLogTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TaskService tasks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    String client;
    long task;
    long site;

    @BeforeEach
    void aClientsFailedTask() {
        long clientId = jdbc.sql("INSERT INTO clients (name) VALUES (:n) RETURNING id").param("n", "c" + Targets.next())
                .query(Long.class).single();
        client = "logclient" + Targets.next();
        accounts.createUser(client, "client-password-1", Role.CLIENT, null);
        jdbc.sql("INSERT INTO client_users (client_id, user_id) SELECT :c, id FROM users WHERE username = :u")
                .param("c", clientId).param("u", client).update();
        site = Targets.next();
        task = tasks.queue(TaskRequest.forSite("commands", site, null, Map.of(), "a")
                .listedAs(site + ".example.com", clientId)).task().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks.find(task).orElseThrow().status().isFinished());
    }

    @Test
    void theApiLogOfAClientHasNoCommandsOutputOrPaths() throws Exception {
        String log = streamed(get("/api/v1/tasks/" + task + "/log").with(httpBasic(client, "client-password-1")));

        assertThat(log).doesNotContain("drush").doesNotContain("drupal-version").doesNotContain("OUTPUT")
                .doesNotContain("/var/aegir").doesNotContain("/srv/bosun").doesNotContain("vhost.d")
                .contains("Wrote [path]")
                .contains("The site answers at https://" + site + ".example.com/user/login (HTTP 200)")
                .contains("sites/default/files is not writable; 3/4 checks passed")
                .contains("cannot read [path]");

        String staff = streamed(get("/api/v1/tasks/" + task + "/log").with(user("admin").roles("ADMIN")));
        assertThat(staff).contains("$ drush --root=/var/aegir/platforms/d10 status")
                .contains("drupal-version: 10.3.1").contains("/srv/bosun/config/master/nginx/vhost.d/");
    }

    @Test
    void theTaskPageAndDetailsOfAClientRedactTheOutcomeAndTheNode() throws Exception {
        String page = mvc.perform(get("/tasks/" + task).with(user(client).roles("CLIENT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("/var/aegir").doesNotContain("drush").doesNotContain("/srv/bosun")
                .contains("cannot read [path]").doesNotContain(">Node<");

        String json = mvc.perform(get("/api/v1/tasks/" + task).with(httpBasic(client, "client-password-1")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json).doesNotContain("/var/aegir").contains("cannot read [path]").contains("\"node\":null");

        String staffPage = mvc.perform(get("/tasks/" + task).with(user("admin").roles("ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(staffPage).contains("/var/aegir/platforms/d10/sites/x/settings.php").contains(">Node<");
    }

    /** The body of a streamed answer (the log is written in batches, after the request's own thread). */
    private String streamed(RequestBuilder request) throws Exception {
        MvcResult started = mvc.perform(request)
                .andExpect(request().asyncStarted())
                .andReturn();
        return mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
