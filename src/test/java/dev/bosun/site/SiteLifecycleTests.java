package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.bosun.BosunProperties;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupVerifier;
import dev.bosun.drupal.DrushAlias;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerRegistration;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.internal.StepFaults;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.Browser;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.FreePorts;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A site's whole life for real: the machine's MariaDB, nginx and PHP-FPM started privately, an
 * example platform, the panel's own tasks — install, login reset, disable, enable, delete.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class SiteLifecycleTests extends RunningMaster {

    @Autowired
    BackupVerifier verifier;
    @Autowired
    BosunProperties properties;

    @Test
    void installLoginResetDisableEnableAndDeleteASiteForReal() throws Exception {
        long platformId = examplePlatform("example-base");
        long client = clients.create(new ClientForm("Lifecycle " + System.nanoTime(), "owner@client.example")).id();
        String domain = "life-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        long dbService = servers.get(platforms.get(platformId).serverId()).db().id();

        long siteId = sites.create(new SiteForm(domain, client, "example", platformId, "en", dbService, "", false));
        TaskSummary install = finished(siteId, "install");
        assertThat(install.status()).as(log(install)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        SiteSummary site = siteQueries.get(siteId, ClientScope.ALL);
        assertThat(site.status()).isEqualTo(SiteStatus.ENABLED);
        assertThat(site.loginUrlPending()).isTrue();

        Response home = get(domain, "/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(domain).contains("Installed schema versions");
        assertThat(log(install)).as("drush's generated admin password is not in the log")
                .doesNotContainPattern("User password: (?!\\*)");

        assertThat(greenMail.getReceivedMessages()).anySatisfy(message -> {
            assertThat(message.getAllRecipients()[0].toString()).isEqualTo("owner@client.example");
            assertThat(GreenMailUtil.getBody(message)).contains(site.loginUrl());
        });

        queue(siteId, SiteTaskType.LOGIN_RESET);
        String link = siteQueries.get(siteId, ClientScope.ALL).loginUrl();
        String path = URI.create(link).getRawPath();
        assertThat(get(domain, path).status()).isEqualTo(200);
        assertThat(get(domain, path).status()).as("a one-time link works once").isEqualTo(403);

        queue(siteId, SiteTaskType.DISABLE);
        Response disabled = eventually(domain, response -> response.status() != 200);
        assertThat(disabled.status()).isEqualTo(503);
        assertThat(disabled.location()).as("served by the site's own web server, not sent to the panel").isNull();
        assertThat(disabled.body()).contains("Site disabled", domain + " is not available");
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.DISABLED);

        queue(siteId, SiteTaskType.ENABLE);
        assertThat(eventually(domain, response -> response.status() == 200).body()).contains(domain);

        queue(siteId, SiteTaskType.DISABLE);
        String database = jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", siteId).query(String.class).single();
        String user = jdbc.sql("SELECT db_user FROM sites WHERE id = :id").param("id", siteId).query(String.class).single();
        Path siteDir = Path.of(platforms.get(platformId).docrootPath(), "sites", domain);
        assertThat(siteDir).isDirectory();

        queue(siteId, SiteTaskType.DELETE);
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.DELETED);
        assertThat(siteDir).doesNotExist();
        assertThat(Files.list(vhostDir()).map(Path::getFileName).map(Path::toString)).doesNotContain(domain);
        assertThat(mariadb("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + database + "'")).isZero();
        assertThat(mariadb("SELECT count(*) FROM mysql.user WHERE user = '" + user + "'")).isZero();
        assertThat(eventually(domain, response -> response.status() != 200).body()).doesNotContain("Installed schema");
        assertThat(backups.listForSite(siteId)).as("deleting a site keeps its pre-delete backup, file and record")
                .anySatisfy(backup -> {
                    assertThat(backup.description()).isEqualTo("Pre-delete backup");
                    assertThat(backup.path()).isRegularFile();
                    assertThat(verifier.verify(backup).valid()).isTrue();
                });
        assertThat(siteQueries.page(new SiteFilter(domain, null, 0, 10), ClientScope.ALL).total())
                .as("deleted sites are hidden").isZero();
        assertThat(siteTasks.history(siteId, 0).items()).extracting(TaskSummary::type)
                .contains("install", "login-reset", "disable", "enable", "delete");
    }

    @Test
    void aFailedInstallLeavesNothingAfterTheTolerantDelete() throws Exception {
        long platformId = examplePlatform("example-base");
        long client = clients.create(new ClientForm("Broken " + System.nanoTime(), null)).id();
        String domain = "broken-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        long dbService = servers.get(platforms.get(platformId).serverId()).db().id();
        Path broken = vhostDir().resolve("000-broken-by-test");
        Files.writeString(broken, "this is no nginx configuration;\n");
        long siteId;
        String log;
        try {
            siteId = sites.create(new SiteForm(domain, client, "example", platformId, "en", dbService, "", false));
            TaskSummary install = finished(siteId, "install");
            log = log(install);
            assertThat(install.status()).as(log).isEqualTo(TaskStatus.ERROR);
        } finally {
            Files.delete(broken);
        }
        assertThat(log).contains("Database " + domain.replace('.', '_').replace('-', '_'));
        assertThat(jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", siteId).query(String.class).optional()
                .orElse(null)).as("the undo dropped the database and forgot it").isNull();
        assertThat(mariadb("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + domain.replace('.', '_').replace('-', '_') + "'")).isZero();
        assertThat(Path.of(platforms.get(platformId).docrootPath(), "sites", domain)).as("undone").doesNotExist();
        assertThat(vhostDir().resolve(domain)).as("the refused vhost is not left behind").doesNotExist();
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.QUEUED);
        queue(siteId, SiteTaskType.DELETE);
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.DELETED);
        assertThat(Path.of(platforms.get(platformId).docrootPath(), "sites", domain)).doesNotExist();
    }

    @Test
    void anInstallOnADatabaseServerThatIsDownEndsInErrorSayingSoAndTheTolerantDeleteLeavesNothing() throws Exception {
        long platformId = examplePlatform("example-base");
        long client = clients.create(new ClientForm("Db down " + System.nanoTime(), null)).id();
        String domain = "dbdown-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        String dbServer = "db-down-" + Long.toString(System.nanoTime(), 36);
        int closedPort = FreePorts.next();
        long dbService = servers.register(new ServerRegistration(dbServer, "localhost", 22, "bosun", false, null,
                new ServerRegistration.DbSettings(DbType.MARIADB, "127.0.0.1", closedPort, "root", ""))).db().id();

        long siteId = sites.create(new SiteForm(domain, client, "example", platformId, "en", dbService, "", false));
        TaskSummary install = finished(siteId, "install");
        String log = log(install);

        assertThat(install.status()).as(log).isEqualTo(TaskStatus.ERROR);
        assertThat(log).contains("ERROR Step 'database' failed: Cannot connect to database server "
                + dbServer + " at 127.0.0.1:" + closedPort + " (mariadb): Connection refused. Check that it is "
                + "running");
        assertThat(log).as("a message, not a stack trace").doesNotContain("Exception", "\tat ");
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.QUEUED);
        assertNothingLeftOf(platformId, domain);

        queue(siteId, SiteTaskType.DELETE);
        assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).isEqualTo(SiteStatus.DELETED);
        assertNothingLeftOf(platformId, domain);
    }

    @Test
    void anInstallOnAWebServerWithoutPhpEndsInErrorSayingPhpIsNeeded() throws Exception {
        Path copy = ExamplePlatforms.copy().resolve("example-base");
        Path drush = copy.resolve("vendor/bin/drush");
        // What env answers when the php named on drush's first line is not installed.
        Files.writeString(drush, Files.readString(drush).replaceFirst("^#!/usr/bin/env php",
                "#!/usr/bin/env php-absent"));
        long platformId = platforms.register(new PlatformForm("No PHP " + System.nanoTime(), master().id(),
                copy.toString(), null, null), "admin").platform().id();
        await().atMost(Duration.ofMinutes(2)).until(() -> platforms.get(platformId).status() == PlatformStatus.ENABLED);
        long client = clients.create(new ClientForm("No PHP " + System.nanoTime(), null)).id();
        String domain = "nophp-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        long dbService = master().db().id();

        long siteId = sites.create(new SiteForm(domain, client, "example", platformId, "en", dbService, "", false));
        TaskSummary install = finished(siteId, "install");
        String log = log(install);

        assertThat(install.status()).as(log).isEqualTo(TaskStatus.ERROR);
        assertThat(log).contains("ERROR Step 'drush site:install' failed: PHP is needed to run "
                + "drush on master, and it is not installed there");
        assertThat(mariadb("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + domain.replace('.', '_').replace('-', '_') + "'")).as("the database was dropped again").isZero();
        assertNothingLeftOf(platformId, domain);
    }

    @Test
    void whereNoWebServerLoadsTheVhostsTasksSaySoInsteadOfWaitingForAnAnswer() throws Exception {
        long siteId = installedSite("unserved", examplePlatform("example-base"), dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        TaskSummary verify;
        servers.markHttpServed(master().id(), false);
        try {
            verify = run(siteId, SiteTaskType.VERIFY, new SiteTaskArgs.None());
        } finally {
            servers.markHttpServed(master().id(), true);
        }
        String log = log(verify);

        assertThat(verify.status()).as(log).isEqualTo(TaskStatus.WARNING);
        assertThat(log).contains("WARNING " + domain + " was not asked for a page: the web service of master is "
                + "registered as not served").doesNotContain("does not answer");
        assertThat(master().http().served()).isTrue();
    }

    static final List<String> INSTALL_STEPS = List.of("database", "site directory", "settings.php",
            "drush site:install", "drush alias", "vhost");

    @Test
    void anInstallInterruptedBeforeItsPointOfNoReturnLeavesNothingAndOneAfterItIsCarriedForwardToEnabled()
            throws Exception {
        long platformId = examplePlatform("example-base");
        long dbService = servers.get(platforms.get(platformId).serverId()).db().id();
        long client = clients.create(new ClientForm("Interrupted " + System.nanoTime(), null)).id();
        for (String step : INSTALL_STEPS) {
            String domain = "cut-" + Long.toString(System.nanoTime(), 36) + ".example.com";
            TaskSummary install = interruptedInstall(new SiteForm(domain, client, "example", platformId, "en",
                    dbService, "", false), step);
            long siteId = install.targetId();
            String log = log(install);
            assertThat(install.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertThat(log).as(step).contains("Interrupted: node node-gone stopped while step '" + step
                    + "' was running.");
            assertRolledBackTruthfully(install, step);
            assertThat(siteQueries.get(siteId, ClientScope.ALL).status()).as(step).isEqualTo(SiteStatus.QUEUED);
            assertThat(jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", siteId).query(String.class)
                    .optional().orElse(null)).as(step + ": no database recorded").isNull();
            assertThat(mariadb("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + domain.replace('.', '_').replace('-', '_') + "'")).as(step + ": the database is dropped").isZero();
            assertNothingLeftOf(platformId, domain);
        }

        String domain = "past-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        TaskSummary install = interruptedInstall(new SiteForm(domain, client, "example", platformId, "en", dbService,
                "", false), StepFaults.POINT_OF_NO_RETURN);
        String log = log(install);
        assertThat(install.status()).as(log).isEqualTo(TaskStatus.WARNING);
        assertThat(log).contains("Carrying the task forward").contains("run Login reset for a link")
                .doesNotContain("Undid");
        assertThat(siteQueries.get(install.targetId(), ClientScope.ALL).status()).isEqualTo(SiteStatus.ENABLED);
        assertThat(eventually(domain, response -> response.status() == 200).status()).isEqualTo(200);
    }

    /** Creates the site with its install set to "die" after {@code step}, then recovers it as a live node does. */
    private TaskSummary interruptedInstall(SiteForm form, String step) {
        stepFaults.crashAfter("install", step);
        long siteId;
        long id;
        try {
            siteId = sites.create(form);
            id = siteTasks.history(siteId, 0).items().stream().filter(t -> t.type().equals("install")).findFirst()
                    .orElseThrow().id();
            await().atMost(TASK_TIMEOUT).until(() -> stepFaults.crashed(id));
        } finally {
            stepFaults.clear();
        }
        jdbc.sql("""
                UPDATE tasks SET lease_owner = 'node-gone', lease_expires_at = now() - interval '1 second'
                WHERE id = :id""").param("id", id).update();
        dispatcher.sweep();
        return finishedTask(id);
    }

    @Test
    void aDeleteInterruptedAfterItsPointOfNoReturnIsCarriedForwardAndADeleteWhoseDatabaseIsGoneRunsAgain()
            throws Exception {
        long platformId = examplePlatform("example-base");
        long dbService = servers.get(platforms.get(platformId).serverId()).db().id();
        long interrupted = installedSite("halfdeleted", platformId, dbService);
        String domain = site(interrupted).domain();
        queue(interrupted, SiteTaskType.DISABLE);

        TaskSummary delete = interruptedAndRecovered(interrupted, SiteTaskType.DELETE, new SiteTaskArgs.None(),
                "database");

        String log = log(delete);
        assertThat(delete.status()).as(log).isEqualTo(TaskStatus.WARNING);
        assertThat(log).contains("Carrying the task forward").doesNotContain("Undid");
        assertThat(siteQueries.get(interrupted, ClientScope.ALL).status()).isEqualTo(SiteStatus.DELETED);
        assertThat(mariadb("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + domain.replace('.', '_').replace('-', '_') + "'")).isZero();
        assertNothingLeftOf(platformId, domain);

        long again = installedSite("rerun", platformId, dbService);
        String database = jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", again).query(String.class)
                .single();
        assertThat(run(again, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("before a delete that fails half-way"))
                .status()).isEqualTo(TaskStatus.SUCCESS);
        queue(again, SiteTaskType.DISABLE);
        dropByHand(database);

        TaskSummary rerun = run(again, SiteTaskType.DELETE, new SiteTaskArgs.None());

        String rerunLog = log(rerun);
        assertThat(rerun.status()).as(rerunLog).isEqualTo(TaskStatus.WARNING);
        assertThat(rerunLog).contains("WARNING No pre-delete backup: the database " + database + " is gone")
                .contains("its 1 earlier backup(s) are kept");
        assertThat(siteQueries.get(again, ClientScope.ALL).status()).isEqualTo(SiteStatus.DELETED);
        assertNothingLeftOf(platformId, site(again).domain());
    }

    /** What a delete that failed half-way leaves: the database dropped, the rest still there. */
    private static void dropByHand(String database) throws Exception {
        var db = dev.bosun.test.TestDatabases.mariadb();
        try (var connection = java.sql.DriverManager.getConnection(db.url(), db.username(), db.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE `" + database + "`");
        }
    }

    /** No site directory, vhost or drush alias of the domain. */
    private void assertNothingLeftOf(long platformId, String domain) {
        assertThat(Path.of(platforms.get(platformId).docrootPath(), "sites", domain)).doesNotExist();
        assertThat(vhostDir().resolve(domain)).doesNotExist();
        assertThat(properties.homeDir().resolve("drush").resolve(DrushAlias.fileName(domain))).doesNotExist();
    }

    @LocalServerPort
    int port;

    @Test
    @RequiresProgram({"chromium", "chromedriver"})
    void inTheBrowserTheFormInstallsASiteAndTheButtonsFollowItsState() throws Exception {
        long platformId = examplePlatform("example-base");
        String platformName = platforms.get(platformId).name();
        String clientName = "Browser " + System.nanoTime();
        clients.create(new ClientForm(clientName, null));
        String domain = "browser-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        // The site's domain leads to the private nginx, as DNS would lead to the web server.
        WebDriver driver = Browser.start("--host-resolver-rules=MAP " + domain + ":80 127.0.0.1:"
                + master().http().port());
        try {
            Browser.signInAsAdmin(driver, "http://localhost:" + port);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            driver.get("http://localhost:" + port + "/sites/new");
            driver.findElement(By.id("domain")).sendKeys(domain);
            new Select(driver.findElement(By.id("clientId"))).selectByVisibleText(clientName);
            chooseProfile(driver, wait, "example", platformName);
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                new Select(d.findElement(By.id("platformId"))).getOptions().stream()
                        .filter(option -> option.getText().startsWith(platformName)).findFirst().orElseThrow().click();
                return new Select(d.findElement(By.id("platformId"))).getFirstSelectedOption().getText()
                        .startsWith(platformName);
            });
            Browser.screenshot(driver, "site-form");
            driver.findElement(By.cssSelector("#site-form button[type=submit]")).click();

            WebDriverWait install = new WebDriverWait(driver, Duration.ofMinutes(3));
            install.until(ExpectedConditions.titleContains(domain));
            install.until(ExpectedConditions.presenceOfElementLocated(By.id("go-link")));
            assertThat(driver.findElement(By.id("go-link")).getText()).isEqualTo("Log in to " + domain);
            assertThat(driver.findElement(By.id("task-disable")).isDisplayed()).isTrue();
            Browser.screenshot(driver, "site-installed");

            String panel = driver.getWindowHandle();
            driver.findElement(By.id("go-link")).click();
            wait.until(d -> d.getWindowHandles().size() == 2);
            driver.switchTo().window(driver.getWindowHandles().stream().filter(h -> !h.equals(panel)).findFirst()
                    .orElseThrow());
            wait.until(ExpectedConditions.titleIs("Logged in"));
            assertThat(driver.getCurrentUrl()).startsWith("http://" + domain + "/user/reset/");
            driver.close();
            driver.switchTo().window(panel);

            backUpAndDeleteTheBackupInTheDialog(driver, wait, install);

            driver.findElement(By.id("task-disable")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-disable"))).click();
            install.until(ExpectedConditions.presenceOfElementLocated(By.id("task-enable")));
            assertThat(driver.findElements(By.id("task-disable"))).isEmpty();
            assertThat(driver.findElement(By.cssSelector("#summary-title + .badge")).getText()).isEqualTo("Disabled");
            Browser.screenshot(driver, "site-disabled");
        } catch (RuntimeException | AssertionError failed) {
            Browser.screenshot(driver, "site-browser-failure");
            throw failed;
        } finally {
            driver.quit();
        }
    }

    /** Backup, then its deletion in the dialog: refused without a choice, done with one. */
    private static void backUpAndDeleteTheBackupInTheDialog(WebDriver driver, WebDriverWait wait, WebDriverWait task)
            throws Exception {
        driver.findElement(By.id("task-backup")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dialog-backup button[type=submit]")))
                .click();
        task.until(ExpectedConditions.presenceOfElementLocated(By.id("task-backup-delete")));
        driver.navigate().refresh();
        assertThat(driver.findElements(By.cssSelector("a[id^=backup-download-]"))).as("admins download").hasSize(1);

        driver.findElement(By.id("task-backup-delete")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-backup-delete"))).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error"))).getText())
                .isEqualTo("Choose at least one backup to delete.");

        driver.findElement(By.id("task-backup-delete")).click();
        WebElement choice = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#dialog-backup-delete input[name=backupIds]")));
        assertThat(driver.findElement(By.cssSelector("#dialog-backup-delete .choice-title")).getText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC - .+ - Generated on request");
        choice.click();
        Browser.screenshot(driver, "site-backup-delete-dialog");
        driver.findElement(By.id("confirm-backup-delete")).click();
        task.until(d -> d.findElements(By.id("backups-title")).isEmpty()
                && !d.findElements(By.id("task-disable")).isEmpty());
    }

    /** Picks a profile and waits for htmx to bring the platforms that offer it. */
    private static void chooseProfile(WebDriver driver, WebDriverWait wait, String profile, String platformName) {
        new Select(driver.findElement(By.id("profile"))).selectByValue(profile);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> new Select(d.findElement(By.id("platformId"))).getOptions().stream()
                        .anyMatch(option -> option.getText().startsWith(platformName)));
    }
}
