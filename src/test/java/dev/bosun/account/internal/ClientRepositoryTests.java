package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientInfo;
import dev.bosun.test.BosunTest;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@BosunTest
@Transactional
class ClientRepositoryTests {

    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Autowired
    ClientRepository clients;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aClientIsStoredInItsColumnsAndReadBackAsARow() {
        long id = clients.saveAndFlush(new Client("Round Trip Ltd", "ops@round.example", CREATED)).getId();
        entityManager.clear();

        Map<String, Object> stored = jdbc.sql("SELECT name, email, created_at, updated_at FROM clients WHERE id = :id")
                .param("id", id).query().singleRow();
        assertThat(stored).containsEntry("name", "Round Trip Ltd").containsEntry("email", "ops@round.example");
        assertThat(((java.sql.Timestamp) stored.get("created_at")).toInstant())
                .isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"))
                .isEqualTo(((java.sql.Timestamp) stored.get("updated_at")).toInstant());

        ClientRow row = clients.findRow(id).orElseThrow();
        assertThat(row).isEqualTo(new ClientRow(id, "Round Trip Ltd", "ops@round.example",
                Instant.parse("2026-03-01T10:15:30.123456Z"), 0));
        assertThat(row.info(3)).isEqualTo(new ClientInfo(id, "Round Trip Ltd", "ops@round.example", 3, 0,
                row.createdAt()));
    }

    @Test
    void aRenameIsWrittenOnFlushAndRowsCountTheLinkedUsers() {
        Client client = clients.saveAndFlush(new Client("Before Rename", null, CREATED));
        long userId = jdbc.sql("""
                INSERT INTO users (username, password_hash, role) VALUES ('row-user', 'x', 'CLIENT') RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO client_users (client_id, user_id) VALUES (:c, :u)")
                .param("c", client.getId()).param("u", userId).update();

        client.rename("After Rename", "new@rename.example", CREATED.plusSeconds(60));
        clients.flush();
        entityManager.clear();

        assertThat(jdbc.sql("SELECT updated_at FROM clients WHERE id = :id").param("id", client.getId())
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:16:30.123456Z"));
        assertThat(clients.findRows(List.of(client.getId(), -1L))).singleElement()
                .extracting(ClientRow::name, ClientRow::email, ClientRow::users)
                .containsExactly("After Rename", "new@rename.example", 1L);
    }

    @Test
    void rowsComeByNameRegardlessOfCaseAndANameTakenInAnotherCaseFailsOnTheIndex() {
        long zebra = clients.saveAndFlush(new Client("zebra Order", null, CREATED)).getId();
        long alpha = clients.saveAndFlush(new Client("Alpha Order", null, CREATED)).getId();

        assertThat(clients.findRows(List.of(zebra, alpha))).extracting(ClientRow::id).containsExactly(alpha, zebra);
        assertThat(clients.findRows()).extracting(ClientRow::id).containsSubsequence(alpha, zebra);
        assertThatThrownBy(() -> clients.saveAndFlush(new Client("ALPHA ORDER", null, CREATED)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
