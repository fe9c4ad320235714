package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog.AuditEntry;
import dev.bosun.account.internal.AuditStore;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@BosunTest
class AuditLogTests {

    static final Instant T0 = Instant.parse("2031-03-10T08:00:00Z");

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditStore store;

    @Autowired
    AccountService accounts;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void append(Instant at, String user, String action, String type, Long id) {
        store.append(at, user, action, type, id, action + " by " + user, "192.0.2.1");
    }

    @Test
    void filtersByUserActionTargetAndTimeRange() {
        String alice = unique("Alice");
        String bob = unique("bob");
        append(T0, alice, "site.task.backup", "site", 11L);
        append(T0.plusSeconds(60), alice, "site.task.verify", "site", 12L);
        append(T0.plusSeconds(120), alice, "site.taskforce", "site", 11L);
        append(T0.plusSeconds(180), alice, "login", null, null);
        append(T0.plusSeconds(240), bob, "site.task.backup", "site", 11L);

        assertThat(actions(AuditQuery.of(alice.toUpperCase(), null, null, null, null, null, null)))
                .as("user, any case, newest first")
                .containsExactly("login", "site.taskforce", "site.task.verify", "site.task.backup");
        assertThat(actions(AuditQuery.of(alice, "site.task", null, null, null, null, null)))
                .as("an action and those below it, not a mere prefix")
                .containsExactly("site.task.verify", "site.task.backup");
        assertThat(actions(AuditQuery.of(alice, "site_task", null, null, null, null, null)))
                .as("LIKE wildcards are plain text").isEmpty();
        assertThat(actions(AuditQuery.of(alice, null, "site:11", null, null, null, null)))
                .containsExactly("site.taskforce", "site.task.backup");
        assertThat(actions(AuditQuery.of(alice, null, "site", null, null, null, null))).hasSize(3);
        assertThat(actions(AuditQuery.of(alice, null, null, T0.plusSeconds(60).toString(),
                T0.plusSeconds(180).toString(), null, null)))
                .as("from inclusive, to exclusive").containsExactly("site.taskforce", "site.task.verify");
        assertThat(actions(AuditQuery.of(null, "site.task.backup", "site:11", "2031-03-10", "2031-03-10", null, 200)))
                .as("dates: the whole day").contains("site.task.backup").hasSizeGreaterThanOrEqualTo(2);
        assertThat(auditLog.search(AuditQuery.of(bob, null, null, null, null, null, null)).items())
                .extracting(AuditEntry::username).containsExactly(bob);
    }

    @Test
    void pagesAreKeyedOnTheLastEntryAndCoverEveryEntryOnce() {
        String user = unique("pager");
        for (int i = 0; i < 7; i++) {
            append(T0.plusSeconds(i), user, "step." + i, null, null);
        }
        List<String> seen = new ArrayList<>();
        AuditQuery query = AuditQuery.of(user, null, null, null, null, null, 3);
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            AuditPage page = auditLog.search(query);
            sizes.add(page.items().size());
            page.items().forEach(entry -> seen.add(entry.action()));
            if (page.next() == null) {
                break;
            }
            assertThat(page.next()).isEqualTo(page.items().get(page.items().size() - 1).id());
            query = query.below(page.next());
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactly("step.6", "step.5", "step.4", "step.3", "step.2", "step.1", "step.0");
    }

    @Test
    void badFiltersAreRefusedNamingTheirFields() {
        assertThatThrownBy(() -> AuditQuery.of(null, null, "site:abc", "yesterday", "2031-01-01", null, 1000))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(InvalidInputException.Violation::field)
                        .containsExactlyInAnyOrder("target", "from", "size"));
        assertThatThrownBy(() -> AuditQuery.of(null, null, null, "2031-02-01", "2031-01-01", null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void theApiAnswersItemsAndTheNextCursorAndRefusesBadFiltersWith422() throws Exception {
        String user = unique("api");
        for (int i = 0; i < 3; i++) {
            append(T0.plusSeconds(i), user, "api.step", "site", (long) i);
        }
        String first = mvc.perform(get("/api/v1/audit").param("user", user).param("size", "2")
                        .with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].targetId").value(2))
                .andExpect(jsonPath("$.items[0].remoteAddr").value("192.0.2.1"))
                .andReturn().getResponse().getContentAsString();
        long next = json.readTree(first).get("next").asLong();
        mvc.perform(get("/api/v1/audit").param("user", user).param("size", "2").param("before", Long.toString(next))
                        .with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].targetId").value(0))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/v1/audit").param("from", "soon").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(content().string(Matchers.containsString("\"from\"")));
    }

    @Test
    void operatorsAndClientsGet403FromThePageAndTheApi() throws Exception {
        String operator = unique("audit-op");
        String client = unique("audit-client");
        accounts.createUser(operator, "operator-password-1", Role.OPERATOR, null);
        accounts.createUser(client, "client-password-1", Role.CLIENT, null);
        for (String name : List.of(operator, client)) {
            String password = name.startsWith("audit-op") ? "operator-password-1" : "client-password-1";
            mvc.perform(get("/api/v1/audit").with(httpBasic(name, password))).andExpect(status().isForbidden());
        }
        for (String role : List.of("OPERATOR", "CLIENT")) {
            mvc.perform(get("/admin/audit").with(user("someone").roles(role))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/v1/audit")).andExpect(status().isUnauthorized());
    }

    @Test
    void thePageShowsTheFilteredEntriesAndTheFieldOfABadFilter() throws Exception {
        String user = unique("page");
        append(T0, user, "page.shown", "site", 5L);
        append(T0, unique("other"), "page.hidden", "site", 5L);
        mvc.perform(get("/admin/audit").param("user", user).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("page.shown")))
                .andExpect(content().string(Matchers.containsString("site:5")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("page.hidden"))));
        mvc.perform(get("/admin/audit").param("to", "31/12/2030").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Use a date (2026-01-31)")));
    }

    @Test
    void entriesCannotBeChangedOrDeletedEvenWithSql() {
        String user = unique("immutable");
        append(T0, user, "kept", null, null);
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_log SET action = 'changed' WHERE username = :u")
                .param("u", user).update()).rootCause().hasMessageContaining("cannot be changed or deleted");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log WHERE username = :u").param("u", user).update())
                .rootCause().hasMessageContaining("cannot be changed or deleted");
        assertThat(actions(AuditQuery.of(user, null, null, null, null, null, null))).containsExactly("kept");
    }

    @Test
    void aRetentionRunThatSaysSoMayDeleteEntries() {
        String user = unique("retention");
        append(T0, user, "old", null, null);
        int deleted = transactions.execute(tx -> {
            jdbc.sql("SELECT set_config('bosun.audit_retention', 'on', true)").query().singleRow();
            return jdbc.sql("DELETE FROM audit_log WHERE username = :u").param("u", user).update();
        });
        assertThat(deleted).isEqualTo(1);
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log WHERE action = 'no-such-action-' || :u OR true")
                .param("u", user).update()).as("the setting lasted only for that transaction")
                .rootCause().hasMessageContaining("cannot be changed or deleted");
    }

    private List<String> actions(AuditQuery query) {
        return auditLog.search(query).items().stream().map(AuditEntry::action).toList();
    }
}
