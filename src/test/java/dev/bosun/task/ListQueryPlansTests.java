package dev.bosun.task;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.backup.BackupSites;
import dev.bosun.bench.SeedFleetBenchmark;
import dev.bosun.platform.PlatformLabel;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerService;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SitePage;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SitesWithoutBackup;
import dev.bosun.test.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The list queries read the big tables (tasks, task_log, backups, sites) through their indexes: on a fleet seeded
 * to a size where the planner weighs real statistics (20,000 tasks, 100,000 log lines, 4,000 sites, 20,000 backups,
 * analysed), every statement the task lists issue, and the backup and site lists' statements, is explained with
 * its real parameters, and no plan may hold a sequential scan of those tables. A missing or unusable index shows
 * up here as a Seq Scan (or a sort of the whole table) long before a fleet notices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListQueryPlansTests {

    private static final Set<String> BIG_TABLES = Set.of("tasks", "task_log", "backups", "sites");
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\w+)");

    private TestDatabases.Database database;
    private Connection connection;
    private final List<Recorded> recorded = new ArrayList<>();
    private TaskQueries queries;

    /** A statement as the code prepared it, with the parameters it bound. */
    private record Recorded(String sql, Map<Integer, Object> params) {
    }

    @BeforeAll
    void seedAFleet() throws SQLException {
        database = TestDatabases.newPostgresDatabase();
        TestDatabases.Server server = database.server();
        Flyway.configure().dataSource(database.url(), server.username(), server.password())
                .locations("classpath:db/migration").load().migrate();
        connection = DriverManager.getConnection(database.url(), server.username(), server.password());
        SeedFleetBenchmark.seed(connection, 4_000, 20_000, 100_000);
        DataSource recording = new SingleConnectionDataSource(recording(connection), true);
        queries = new TaskQueries(JdbcClient.create(recording), JsonMapper.builder().build(), null);
    }

    @BeforeEach
    void forgetEarlierStatements() {
        recorded.clear();
    }

    @AfterAll
    void dropTheFleet() throws SQLException {
        connection.close();
        TestDatabases.drop(database);
    }

    @Test
    void theTaskListsReadTasksThroughTheirIndexesOnEveryPageAndFilter() throws SQLException {
        long site = one("SELECT site_id FROM tasks WHERE site_id IS NOT NULL ORDER BY id DESC LIMIT 1");
        String domain = text("SELECT domain FROM sites WHERE id = " + site);
        long middle = one("SELECT id FROM tasks ORDER BY id OFFSET 10000 LIMIT 1");
        TaskScope client = new TaskScope(List.of(one("SELECT client_id FROM sites WHERE id = " + site)), false);

        for (TaskScope scope : java.util.Arrays.asList(null, client)) {
            queries.page(new TaskFilter(null, null, null, null, 0, 50), scope);
            queries.page(new TaskFilter(TaskStatus.ERROR, null, null, null, 0, 50), scope);
            queries.page(new TaskFilter(null, "restore", null, null, 0, 50), scope);
            queries.page(new TaskFilter(null, null, site, null, 0, 50), scope);
            queries.page(new TaskFilter(null, null, null, domain, 0, 50), scope);
            queries.page(new TaskFilter(null, null, null, "no-such-site", 0, 50), scope);
            queries.page(new TaskFilter(null, null, null, null, 0, 50, middle, null, false), scope);
            queries.page(new TaskFilter(null, null, null, null, 0, 50, null, middle, false), scope);
            queries.page(new TaskFilter(null, null, null, null, 0, 50, null, null, true), scope);
            queries.page(new TaskFilter(TaskStatus.ERROR, null, null, null, 0, 50, null, null, true), scope);
            queries.queueOverview(10, scope);
        }
        queries.latest(TargetType.SITE, site, 20);
        queries.openTasks(TargetType.SITE, List.of(site, site + 1));
        queries.lastQueued(TargetType.SITE, "backup");
        queries.lastFinished(TargetType.SITE, "verify", ids("SELECT id FROM sites"));
        queries.lastFinished(TargetType.PLATFORM, "verify", ids("SELECT id FROM platforms"));

        assertThat(recorded).hasSizeGreaterThan(40);
        assertNoSeqScanOfABigTable();
    }

    @Test
    void theCursorsWalkTheSameTasksAsPageNumbersAndTheTotalStopsAtTheCap() throws SQLException {
        TaskPage first = queries.page(new TaskFilter(null, null, null, null, 0, 50), null);
        TaskPage third = queries.page(new TaskFilter(null, null, null, null, 2, 50), null);
        TaskPage second = queries.page(new TaskFilter(null, null, null, null, 0, 50, first.olderThan(), null, false),
                null);
        TaskPage thirdByCursor = queries.page(
                new TaskFilter(null, null, null, null, 0, 50, second.olderThan(), null, false), null);
        TaskPage backToSecond = queries.page(
                new TaskFilter(null, null, null, null, 0, 50, null, thirdByCursor.newerThan(), false), null);
        TaskPage oldest = queries.page(new TaskFilter(null, null, null, null, 0, 50, null, null, true), null);

        assertThat(first.totalCapped()).isTrue();
        assertThat(first.total()).isEqualTo(TaskPage.TOTAL_CAP);
        assertThat(first.hasPrevious()).isFalse();
        assertThat(thirdByCursor.items()).isEqualTo(third.items());
        assertThat(backToSecond.items()).isEqualTo(second.items());
        assertThat(oldest.items()).extracting(TaskSummary::id)
                .isEqualTo(ids("SELECT id FROM tasks ORDER BY created_at DESC, id DESC OFFSET 19950"));
        assertThat(oldest.hasNext()).isFalse();
        assertThat(oldest.hasPrevious()).isTrue();
        TaskPage errors = queries.page(new TaskFilter(TaskStatus.ERROR, null, null, null, 0, 50), null);
        assertThat(errors.totalCapped()).isFalse();
        assertThat(errors.total()).isEqualTo(one("SELECT count(*) FROM tasks WHERE status = 'ERROR'"));
    }

    @Test
    void aTaskPageReadsItsLogAndStepsThroughTheirIndexes() throws SQLException {
        long task = one("SELECT max(id) FROM tasks WHERE status = 'ERROR'");

        queries.log(task, 0, 5000);
        queries.stepLevels(task);
        queries.steps(task);
        queries.progress(task);
        queries.find(task, null);

        assertNoSeqScanOfABigTable();
    }

    @Test
    void theBackupAndSiteListsReadThroughTheirIndexes() throws SQLException {
        long site = one("SELECT min(id) FROM sites WHERE status = 'ENABLED'");
        long platform = one("SELECT platform_id FROM sites WHERE id = " + site);
        // The statements as the backup module (a site's backups, retention's batches of sites) and the site
        // module (a platform's page of sites) issue them.
        record(JdbcClient.create(new SingleConnectionDataSource(recording(connection), true)), site, platform);
        // The dashboard's enabled sites without a recent backup, for all and for a client, in a fleet whose
        // backups are recent (the seeded ones are 7 to 35 days old) but for three new sites: few rows, read
        // through the index.
        JdbcClient.create(new SingleConnectionDataSource(connection, true))
                .sql("UPDATE sites SET last_backup_at = NULL WHERE id IN (:ids)")
                .param("ids", List.of(site, site + 1, site + 2)).update();
        SitesWithoutBackup unbacked = new SitesWithoutBackup(
                JdbcClient.create(new SingleConnectionDataSource(recording(connection), true)));
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
        assertThat(unbacked.since(monthAgo, ClientScope.ALL, 5).total()).isEqualTo(3);
        unbacked.since(monthAgo, ClientScope.of(List.of(one("SELECT client_id FROM sites WHERE id = " + site))), 5);
        // Admin → Backups: the second page of the sites with their own schedule (one in 20 of the seeded sites),
        // by domain, as the site module answers the backup module.
        List<Long> scheduled = ids("SELECT site_id FROM backup_site_schedules");
        BackupSites.DomainPage page = backupSites(new SingleConnectionDataSource(recording(connection), true))
                .liveDomainsPage(scheduled, 50, 50);
        assertThat(page.total()).isEqualTo(one("""
                SELECT count(*) FROM backup_site_schedules b JOIN sites s ON s.id = b.site_id
                WHERE s.status <> 'DELETED'"""));
        assertThat(page.items()).extracting(BackupSites.Domain::id).isEqualTo(ids("""
                SELECT s.id FROM backup_site_schedules b JOIN sites s ON s.id = b.site_id WHERE s.status <> 'DELETED'
                ORDER BY s.domain, s.id LIMIT 50 OFFSET 50"""));

        assertNoSeqScanOfABigTable();
    }

    /** The site module's answers to the backup module, on this data source. */
    private static BackupSites backupSites(DataSource dataSource) {
        try {
            var constructor = Class.forName("dev.bosun.site.internal.BackupSiteDirectory")
                    .getDeclaredConstructor(JdbcClient.class, dev.bosun.site.SiteTasks.class);
            constructor.setAccessible(true);
            return (BackupSites) constructor.newInstance(JdbcClient.create(dataSource), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSitesListReadsEveryPageThroughItsIndexAndShowsEachSitesPlatformVersionAndLastBackup()
            throws SQLException {
        SiteQueries sites = new SiteQueries(JdbcClient.create(new SingleConnectionDataSource(recording(connection), true)),
                platformLabelsFromTheTable(), mock(ServerService.class), mock(ClientService.class), null);
        long live = one("SELECT count(*) FROM sites WHERE status <> 'DELETED'");
        int lastPage = (int) ((live - 1) / SiteFilter.DEFAULT_SIZE);
        ClientScope client = ClientScope.of(List.of(one("SELECT min(client_id) FROM sites")));

        SitePage first = sites.page(new SiteFilter(null, null, 0, SiteFilter.DEFAULT_SIZE), ClientScope.ALL);
        SitePage last = sites.page(new SiteFilter(null, null, lastPage, SiteFilter.DEFAULT_SIZE), ClientScope.ALL);
        SitePage middle = sites.page(new SiteFilter(null, null, lastPage / 2, SiteFilter.DEFAULT_SIZE), ClientScope.ALL);
        SitePage disabled = sites.page(new SiteFilter(null, SiteStatus.DISABLED, 1, SiteFilter.DEFAULT_SIZE),
                ClientScope.ALL);
        SitePage clientsOwn = sites.page(new SiteFilter(null, null, 0, SiteFilter.DEFAULT_SIZE), client);

        assertThat(first.total()).isEqualTo(live);
        assertThat(first.items()).extracting(SiteSummary::id).isEqualTo(ids(
                "SELECT id FROM sites WHERE status <> 'DELETED' ORDER BY domain, id LIMIT 50"));
        assertThat(middle.items()).extracting(SiteSummary::id).isEqualTo(ids(
                "SELECT id FROM sites WHERE status <> 'DELETED' ORDER BY domain, id LIMIT 50 OFFSET "
                        + (lastPage / 2) * 50));
        assertThat(last.items()).extracting(SiteSummary::id).isEqualTo(ids(
                "SELECT id FROM sites WHERE status <> 'DELETED' ORDER BY domain, id OFFSET " + lastPage * 50));
        assertThat(last.hasNext()).isFalse();
        assertThat(disabled.items()).extracting(SiteSummary::status).containsOnly(SiteStatus.DISABLED).isNotEmpty();
        assertThat(clientsOwn.items()).extracting(SiteSummary::clientId).containsOnly(client.clientIds().get(0));
        // The extra columns come with the rows: the platform's core version and the site's newest backup.
        SiteSummary shown = last.items().get(0);
        assertThat(shown.coreVersion()).isEqualTo(text("SELECT core_version FROM platforms WHERE id = "
                + shown.platformId())).isNotNull();
        assertThat(shown.lastBackupAt()).isEqualTo(
                timestamp("SELECT max(created_at) FROM backups WHERE site_id = " + shown.id()));
        assertNoSeqScanOfABigTable();

        // A search (a substring of the domain or of an alias) reads every live site's domain, whatever the index:
        // it is checked for its result here, not for its plan.
        String domain = text("SELECT domain FROM sites WHERE id = " + shown.id());
        assertThat(sites.page(new SiteFilter(domain, null, 0, SiteFilter.DEFAULT_SIZE), ClientScope.ALL).items())
                .extracting(SiteSummary::id).containsExactly(shown.id());
        JdbcClient.create(new SingleConnectionDataSource(connection, true))
                .sql("INSERT INTO site_aliases (site_id, alias) VALUES (:site, 'only-an-alias.test')")
                .param("site", first.items().get(0).id()).update();
        assertThat(sites.page(new SiteFilter("only-an-alias", null, 0, SiteFilter.DEFAULT_SIZE), ClientScope.ALL)
                .items()).extracting(SiteSummary::id).containsExactly(first.items().get(0).id());
        recorded.clear();
    }

    /** A platform module that reads the labels straight from the seeded table. */
    private PlatformService platformLabelsFromTheTable() {
        PlatformService platforms = mock(PlatformService.class);
        when(platforms.labels(any())).thenAnswer(call -> {
            Map<Long, PlatformLabel> labels = new java.util.HashMap<>();
            JdbcClient.create(new SingleConnectionDataSource(connection, true))
                    .sql("SELECT id, name, server_id, core_version FROM platforms WHERE id IN (:ids)")
                    .param("ids", call.getArgument(0)).query(rs -> {
                        labels.put(rs.getLong(1), new PlatformLabel(rs.getLong(1), rs.getString(2), rs.getLong(3),
                                rs.getString(4)));
                    });
            return labels;
        });
        return platforms;
    }

    private void record(JdbcClient jdbc, long site, long platform) {
        jdbc.sql("SELECT id, created_at FROM backups WHERE site_id = :site ORDER BY created_at DESC")
                .param("site", site).query().listOfRows();
        jdbc.sql("""
                        WITH RECURSIVE next(site_id, n) AS (
                            (SELECT site_id, 1 FROM backups WHERE site_id > :after ORDER BY site_id LIMIT 1)
                            UNION ALL
                            SELECT (SELECT b.site_id FROM backups b WHERE b.site_id > next.site_id ORDER BY b.site_id
                                    LIMIT 1), n + 1
                            FROM next WHERE next.site_id IS NOT NULL AND n < :limit)
                        SELECT site_id FROM next WHERE site_id IS NOT NULL""")
                .param("after", 0L).param("limit", 50).query().listOfRows();
        // The newest backup of every enabled site (the dashboard, the sites list, the backup manager's plan).
        List<Long> enabled = JdbcClient.create(new SingleConnectionDataSource(connection, true))
                .sql("SELECT id FROM sites WHERE status = 'ENABLED'").query(Long.class).list();
        jdbc.sql("""
                        SELECT i.id, b.created_at FROM unnest(:ids) AS i(id) CROSS JOIN LATERAL (
                            SELECT b.created_at FROM backups b WHERE b.site_id = i.id
                            ORDER BY b.created_at DESC LIMIT 1) b""")
                .param("ids", enabled.toArray(Long[]::new)).query().listOfRows();
        jdbc.sql("SELECT id, site_id, created_at, kind FROM backups WHERE site_id IN (:ids) ORDER BY site_id, created_at")
                .param("ids", List.of(site, site + 1, site + 2)).query().listOfRows();
        jdbc.sql("""
                        SELECT s.id, s.domain FROM sites s WHERE s.platform_id = :platform AND s.status <> 'DELETED'
                        ORDER BY s.domain LIMIT 50 OFFSET 50""")
                .param("platform", platform).query().listOfRows();
    }

    private void assertNoSeqScanOfABigTable() throws SQLException {
        Map<String, String> scans = new TreeMap<>();
        for (Recorded statement : List.copyOf(recorded)) {
            String plan = explain(statement);
            Matcher seqScan = SEQ_SCAN.matcher(plan);
            while (seqScan.find()) {
                if (BIG_TABLES.contains(seqScan.group(1))) {
                    scans.put(statement.sql().strip(), plan);
                }
            }
        }
        recorded.clear();
        assertThat(scans).as("statements with a sequential scan of a big table, and their plans").isEmpty();
    }

    private String explain(Recorded statement) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement.sql())) {
            for (var param : statement.params().entrySet()) {
                explain.setObject(param.getKey(), param.getValue());
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The connection, recording every statement prepared on it (and its parameters) before running it. */
    private Connection recording(Connection target) {
        InvocationHandler onConnection = (proxy, method, args) -> {
            Object result = invoke(method, target, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                    && !sql.startsWith("EXPLAIN") && !sql.startsWith("SET")) {
                Recorded statement = new Recorded(sql, new TreeMap<>());
                recorded.add(statement);
                return recordingStatement((PreparedStatement) result, statement);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                onConnection);
    }

    private PreparedStatement recordingStatement(PreparedStatement target, Recorded statement) {
        InvocationHandler onStatement = (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                statement.params().put(i, method.getName().equals("setNull") ? null : args[1]);
            }
            return invoke(method, target, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, onStatement);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private long one(String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Instant timestamp(String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
