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
 * databases and users its panel made on MariaDB, are dropped when the context closes (the JVM's end closes those
 * still open). The CI script checks after the suite that no {@code bosun_test_*} database is left.
 */
class TestDatabasesTests {

    @Test
    void aContextsDatabaseAndItsSitesDatabasesAndUsersAreDroppedWhenItCloses() throws Exception {
        TestDatabases.Server mariadb = TestDatabases.mariadb();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String site = "cleanup_" + suffix;
        String deleted = "deleted_" + suffix;
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
            panel.update("INSERT INTO services VALUES (1, 'MARIADB', ?)", mariadb.port());
            panel.update("INSERT INTO sites VALUES (1, ?, ?, 'ENABLED'), (1, ?, ?, 'DELETED')", site, site,
                    deleted, deleted);
            assertThat(postgresDatabaseExists(database)).isTrue();

            context.close();

            assertThat(postgresDatabaseExists(database)).isFalse();
            assertThat(TestDatabases.undropped()).doesNotContain(database);
            assertThat(mariadbCount("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + site + "'")).isZero();
            assertThat(mariadbCount("SELECT count(*) FROM mysql.user WHERE user = '" + site + "'")).isZero();
            assertThat(mariadbCount("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + deleted + "'")).as("a deleted site's name may belong to another run by now").isOne();
        } finally {
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

    private static long mariadbCount(String sql) throws Exception {
        TestDatabases.Server server = TestDatabases.mariadb();
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
