package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.account.ClientScope;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The site entity maps the columns the site pages and tasks read: state, times, credentials, login link, aliases. */
@BosunTest
class SiteRepositoryTests {

    @Autowired
    SiteRepository sites;
    @Autowired
    SiteQueries queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    long client;
    long platform;
    long db;

    @BeforeEach
    void fleet() {
        String tag = Long.toString(System.nanoTime(), 36);
        client = jdbc.sql("INSERT INTO clients (name) VALUES (:n) RETURNING id").param("n", "c-" + tag)
                .query(Long.class).single();
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:n, 'localhost') RETURNING id")
                .param("n", "srv-" + tag).query(Long.class).single();
        db = jdbc.sql("INSERT INTO services (server_id, kind, type) VALUES (:s, 'db', 'mariadb') RETURNING id")
                .param("s", server).query(Long.class).single();
        platform = jdbc.sql("INSERT INTO platforms (name, server_id, root_path) VALUES (:n, :s, '/srv/p') RETURNING id")
                .param("n", "pl-" + tag).param("s", server).query(Long.class).single();
    }

    @Test
    void aNewSiteIsQueuedWithItsAliasesAndEnablingItRecordsTheInstallTimeOnce() {
        Site site = new Site("www.round-trip.test", client, platform, db, "standard", "de");
        site.addAlias(new SiteAlias("round-trip.test", true));
        site.addAlias(new SiteAlias("alt.round-trip.test", false));
        long id = sites.saveAndFlush(site).getId();

        SiteSummary queued = queries.get(id, ClientScope.ALL);
        assertThat(queued.status()).isEqualTo(SiteStatus.QUEUED);
        assertThat(queued.language()).isEqualTo("de");
        assertThat(queued.installedAt()).isNull();
        assertThat(queries.aliases(id)).containsExactly(new SiteAlias("alt.round-trip.test", false),
                new SiteAlias("round-trip.test", true));

        enter(id, SiteStatus.ENABLED);
        var installed = queries.get(id, ClientScope.ALL).installedAt();
        assertThat(installed).isNotNull();
        enter(id, SiteStatus.DISABLED);
        enter(id, SiteStatus.ENABLED);
        assertThat(queries.get(id, ClientScope.ALL).installedAt()).isEqualTo(installed);
        assertThat(queries.get(id, ClientScope.ALL).status()).isEqualTo(SiteStatus.ENABLED);
    }

    @Test
    void aMoveToAnotherDomainDropsTheLoginLinkOfTheOldOne() {
        long id = sites.saveAndFlush(new Site("old.round-trip.test", client, platform, db, "standard", "en")).getId();
        transactions.executeWithoutResult(tx -> sites.require(id).offerLoginLink("http://old.round-trip.test/user/reset/1"));
        assertThat(queries.get(id, ClientScope.ALL).loginUrlPending()).isTrue();

        transactions.executeWithoutResult(tx -> sites.require(id).moveTo("old.round-trip.test", platform, db));
        assertThat(queries.get(id, ClientScope.ALL).loginUrl()).isEqualTo("http://old.round-trip.test/user/reset/1");

        transactions.executeWithoutResult(tx -> sites.require(id).moveTo("new.round-trip.test", platform, db));
        SiteSummary moved = queries.get(id, ClientScope.ALL);
        assertThat(moved.domain()).isEqualTo("new.round-trip.test");
        assertThat(moved.loginUrl()).isNull();
        assertThat(moved.loginUrlPending()).isFalse();
    }

    @Test
    void credentialsAreStoredAsGivenAndDeletingASiteTakesItsAliases() {
        Site site = new Site("creds.round-trip.test", client, platform, db, "standard", "en");
        site.addAlias(new SiteAlias("creds-alias.round-trip.test", false));
        long id = sites.saveAndFlush(site).getId();
        transactions.executeWithoutResult(tx -> sites.require(id).storeCredentials("db_1", "user_1", "sealed"));
        assertThat(jdbc.sql("SELECT db_name || '/' || db_user || '/' || db_password_enc FROM sites WHERE id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("db_1/user_1/sealed");

        sites.deleteById(id);
        assertThat(jdbc.sql("SELECT count(*) FROM site_aliases WHERE site_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
        assertThatThrownBy(() -> sites.require(id)).isInstanceOf(SiteNotFoundException.class);
    }

    private void enter(long id, SiteStatus status) {
        transactions.executeWithoutResult(tx -> sites.require(id).enter(status));
    }
}
