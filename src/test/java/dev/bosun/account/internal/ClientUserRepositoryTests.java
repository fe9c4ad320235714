package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.bosun.account.Role;
import dev.bosun.account.UserSummary;
import dev.bosun.test.BosunTest;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@BosunTest
@Transactional
class ClientUserRepositoryTests {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    ClientUserRepository links;

    @Autowired
    ClientRepository clients;

    @Autowired
    UserAccountRepository users;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLinkIsStoredAsItsTwoIdsAndReadBackFromEitherSide() {
        long first = clients.save(new Client("Link First", null, NOW)).getId();
        long second = clients.save(new Client("Link Second", null, NOW)).getId();
        UserAccount bea = users.save(new UserAccount("bea-link", "x", Role.CLIENT, null, NOW));
        UserAccount al = users.save(new UserAccount("Al-link", "x", Role.CLIENT, null, NOW));
        links.save(new ClientUser(second, bea.getId()));
        links.save(new ClientUser(first, bea.getId()));
        links.save(new ClientUser(first, al.getId()));
        links.flush();
        entityManager.clear();

        assertThat(jdbc.sql("SELECT client_id FROM client_users WHERE user_id = :u ORDER BY client_id")
                .param("u", bea.getId()).query(Long.class).list()).containsExactly(first, second);
        assertThat(links.findById(new ClientUser.Key(first, al.getId()))).hasValueSatisfying(link -> {
            assertThat(link.getClientId()).isEqualTo(first);
            assertThat(link.getUserId()).isEqualTo(al.getId());
        });
        assertThat(links.findClientIds(bea.getId())).containsExactly(first, second);
        assertThat(links.findUsers(first)).extracting(UserAccount::summary).extracting(UserSummary::username)
                .containsExactly("Al-link", "bea-link");
        assertThat(links.findUsers(second)).extracting(UserAccount::getId).containsExactly(bea.getId());
    }
}
