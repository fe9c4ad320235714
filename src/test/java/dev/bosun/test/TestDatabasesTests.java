package dev.bosun.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Tests leave nothing on the machine's database servers: a test context's PostgreSQL database, and the site
 * databases and users its panel made on MariaDB and PostgreSQL, are dropped when the context closes (the JVM's end
 * closes those still open). The CI script checks after the suite that no {@code bosun_test_*} database and no site
 * database or role made during the suite is left.
 */
class TestDatabasesTests {

    @Test
    void aContextsDatabaseAndItsSitesDatabasesAndUsersAreDroppedWhenItCloses() throws Exception {
        TestDatabases.Server mariadb = TestDatabases.mariadb();
        TestDatabases.Server postgres = TestDatabases.postgres();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String site = "cleanup_" + suffix;
        String deleted = "deleted_" + suffix;
        String pgSite = "cleanup_pg_" + suffix;
        String pgOther = "other_pg_" + suffix;
        TestDatabases.execute(postgres, "CREATE ROLE " + pgSite + " LOGIN PASSWORD 'site-password'");
        TestDatabases.execute(postgres, "CREATE DATABASE " + pgSite + " OWNER " + pgSite);
        TestDatabases.execute(postgres, "CREATE ROLE " + pgOther + " LOGIN PASSWORD 'site-password'");
        TestDatabases.execute(postgres, "CREATE DATABASE " + pgOther + " OWNER " + pgOther);
        TestDatabases.execute(mariadb, "CREATE DATABASE " + site);
        TestDatabases.execute(mariadb, "CREATE USER '" + site + "'@'127.0.0.1' IDENTIFIED BY 'site-password'");
        TestDatabases.execute(mariadb, "CREATE USER '" + site + "'@'localhost' IDENTIFIED BY 'site-password'");
        TestDatabases.execute(mariadb, "CREATE DATABASE " + deleted);
        try {
            GenericApplicationContext context = new GenericApplicationContext();
            new TestDatabaseInitializer().initialize(context);
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            String database = url.substring(url.lastIndexOf('/') + 1);
            context.registerBean("dataSource", DataSource.class, () -> new DriverManagerDataSource(url,
                    TestDatabases.postgres().username(), TestDatabases.postgres().password()));
            context.refresh();
            JdbcTemplate panel = new JdbcTemplate(context.getBean(DataSource.class));
            panel.execute("CREATE TABLE services (id BIGINT PRIMARY KEY, type TEXT, port INTEGER)");
            panel.execute("CREATE TABLE sites (db_service_id BIGINT, db_name TEXT, db_user TEXT, status TEXT)");
            // services.type as the panel stores it: the lower-case type name
            panel.update("INSERT INTO services VALUES (1, 'mariadb', ?), (2, 'postgresql', ?), (3, 'postgresql', ?)",
                    mariadb.port(), postgres.port(), postgres.port() == 1 ? 2 : 1);
            panel.update("INSERT INTO sites VALUES (1, ?, ?, 'ENABLED'), (1, ?, ?, 'DELETED'), (2, ?, ?, 'ENABLED'), "
                    + "(3, ?, ?, 'ENABLED')", site, site, deleted, deleted, pgSite, pgSite, pgOther, pgOther);
            assertThat(postgresDatabaseExists(database)).isTrue();

            context.close();

            assertThat(postgresDatabaseExists(database)).isFalse();
            assertThat(TestDatabases.undropped()).doesNotContain(database);
            assertThat(mariadbCount("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + site + "'")).isZero();
            assertThat(mariadbCount("SELECT count(*) FROM mysql.user WHERE user = '" + site + "'")).isZero();
            assertThat(mariadbCount("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + deleted + "'")).as("a deleted site's name may belong to another run by now").isOne();
            assertThat(postgresDatabaseExists(pgSite)).as("the PostgreSQL site's database").isFalse();
            assertThat(postgresRoleExists(pgSite)).as("the PostgreSQL site's role").isFalse();
            assertThat(postgresDatabaseExists(pgOther)).as("a site on another PostgreSQL server").isTrue();
            assertThat(postgresRoleExists(pgOther)).isTrue();
        } finally {
            TestDatabases.execute(postgres, "DROP DATABASE IF EXISTS " + pgSite + " WITH (FORCE)");
            TestDatabases.execute(postgres, "DROP DATABASE IF EXISTS " + pgOther + " WITH (FORCE)");
            TestDatabases.execute(postgres, "DROP ROLE IF EXISTS " + pgSite);
            TestDatabases.execute(postgres, "DROP ROLE IF EXISTS " + pgOther);
            TestDatabases.execute(mariadb, "DROP DATABASE IF EXISTS " + site);
            TestDatabases.execute(mariadb, "DROP DATABASE IF EXISTS " + deleted);
            TestDatabases.execute(mariadb, "DROP USER IF EXISTS '" + site + "'@'127.0.0.1', '" + site
                    + "'@'localhost'");
        }
    }

    private static boolean postgresDatabaseExists(String name) throws Exception {
        TestDatabases.Server server = TestDatabases.postgres();
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
             var query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            return query.executeQuery().next();
        }
    }

    private static boolean postgresRoleExists(String name) throws Exception {
        TestDatabases.Server server = TestDatabases.postgres();
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
             var query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, name);
            return query.executeQuery().next();
        }
    }

    private static long mariadbCount(String sql) throws Exception {
        TestDatabases.Server server = TestDatabases.mariadb();
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
