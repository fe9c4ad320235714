package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import dev.bosun.account.AuditLog.AuditEntry;
import dev.bosun.test.BosunTest;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@BosunTest
@Transactional
class AuditRecordRepositoryTests {

    // Later than anything the other tests of the shared database record, so these come first.
    static final Instant AT = Instant.parse("2999-01-01T00:00:00Z");

    @Autowired
    AuditRecordRepository entries;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEntryIsStoredInItsColumnsAndReadBackAsTheSameEntry() {
        String details = "a long detail ".repeat(100);
        long id = entries.saveAndFlush(new AuditRecord(AT, "auditor", "site.delete", "site", 42L, details,
                "192.0.2.7")).entry().id();
        entityManager.clear();

        Map<String, Object> stored = jdbc.sql("""
                SELECT username, action, target_type, target_id, details, remote_addr FROM audit_log WHERE id = :id""")
                .param("id", id).query().singleRow();
        assertThat(stored).containsEntry("username", "auditor").containsEntry("action", "site.delete")
                .containsEntry("target_type", "site").containsEntry("target_id", 42L)
                .containsEntry("details", details).containsEntry("remote_addr", "192.0.2.7");
        assertThat(entries.findById(id).orElseThrow().entry())
                .isEqualTo(new AuditEntry(id, AT, "auditor", "site.delete", "site", 42L, details, "192.0.2.7"));
    }

    @Test
    void theLatestComeNewestFirstAndSameTimesByIdAndOptionalColumnsStayNull() {
        long older = entries.save(new AuditRecord(AT.minusSeconds(60), "system", "older", null, null, null, null))
                .entry().id();
        long first = entries.save(new AuditRecord(AT, "system", "first", null, null, null, null)).entry().id();
        long second = entries.save(new AuditRecord(AT, "system", "second", null, null, null, null)).entry().id();
        entries.flush();
        entityManager.clear();

        assertThat(entries.findAllByOrderByAtDescIdDesc(Limit.of(2))).extracting(record -> record.entry().id())
                .containsExactly(second, first);
        assertThat(entries.findAllByOrderByAtDescIdDesc(Limit.of(3))).last()
                .extracting(AuditRecord::entry)
                .isEqualTo(new AuditEntry(older, AT.minusSeconds(60), "system", "older", null, null, null, null));
    }
}
