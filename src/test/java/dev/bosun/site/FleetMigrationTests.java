package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.server.DbType;
import dev.bosun.settings.Feature;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Migrate all sites" of a platform for real: the targets' counts, one migrate per enabled site run
 * by the dispatcher, refusals recorded per site, and the run's page in the browser.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "mariadb|mysql"})
class FleetMigrationTests extends MovingSites {

    @Autowired
    FleetMigrations migrations;

    @LocalServerPort
    int port;

    @Test
    @RequiresProgram({"chromium", "chromedriver"})
    void migrateAllSitesMovesEveryEnabledSiteAndTheRunPageSummarisesIt() throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long older = examplePlatform("example-older-schema");
        long db = dbService(DbType.MARIADB);
        long first = installedSite("fleet-a", base, db);
        long second = installedSite("fleet-b", base, db);
        long disabled = installedSite("fleet-off", base, db);
        queue(disabled, SiteTaskType.DISABLE);

        FleetTarget toNewer = target(base, newer);
        assertThat(toNewer.movable()).isEqualTo(2);
        assertThat(toNewer.total()).as("the disabled site is not part of it").isEqualTo(2);
        FleetTarget toOlder = target(base, older);
        assertThat(toOlder.selectable()).isFalse();
        assertThat(toOlder.blocked()).hasSize(1);
        assertThat(toOlder.blocked().keySet().iterator().next()).contains("older schema");

        WebDriver driver = Browser.start();
        try {
            login(driver);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://localhost:" + port + "/platforms/" + base);
            driver.findElement(By.id("migrate-all-sites")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-" + newer)));
            assertThat(driver.findElement(By.id("target-" + older)).isEnabled()).isFalse();
            assertThat(driver.findElement(By.cssSelector("label[for=target-" + newer + "]")).getText())
                    .contains("2 of 2 site(s) can move there");
            assertThat(driver.findElement(By.cssSelector("label[for=target-" + older + "]")).getText())
                    .contains("0 of 2").contains("2 site(s) not:");
            Browser.screenshot(driver, "fleet-migrate-form");
            driver.findElement(By.cssSelector("label[for=target-" + newer + "]")).click();
            driver.findElement(By.cssSelector("button[type=submit].button-primary")).click();
            wait.until(ExpectedConditions.urlMatches("/platforms/" + base + "/migrations/\\d+$"));
            long runId = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/", ""));

            FleetMigration run = await().atMost(Duration.ofMinutes(6))
                    .until(() -> migrations.get(base, runId), FleetMigration::done);
            assertThat(run.sites()).extracting(FleetMigration.Site::siteId).containsExactlyInAnyOrder(first, second);
            assertThat(run.sites()).allSatisfy(site ->
                    assertThat(site.status()).as(site.domain()).isEqualTo(TaskStatus.SUCCESS));
            assertThat(run.succeeded()).isEqualTo(2);
            assertThat(run.failed() + run.refused()).isZero();
            wait.until(ExpectedConditions.textToBe(By.id("fleet-succeeded"), "2"));
            assertThat(driver.findElement(By.id("fleet-open")).getText()).isEqualTo("0");
            Browser.screenshot(driver, "fleet-migrate-run");
        } catch (RuntimeException | AssertionError failed) {
            Browser.screenshot(driver, "fleet-migrate-failure");
            throw failed;
        } finally {
            driver.quit();
        }
        for (long siteId : List.of(first, second)) {
            assertThat(site(siteId).platformId()).isEqualTo(newer);
            String domain = site(siteId).domain();
            assertThat(eventually(domain, response -> response.status() == 200).body()).contains(domain);
        }
        assertThat(site(disabled).platformId()).as("a disabled site stays where it is").isEqualTo(base);
        assertThat(site(disabled).status()).isEqualTo(SiteStatus.DISABLED);
    }

    @Test
    void sitesThatCannotMoveAreRecordedWithTheReasonAndNothingIsQueuedForThem() {
        long base = examplePlatform("example-base");
        long older = examplePlatform("example-older-schema");
        long siteId = installedSite("fleet-refused", base, dbService(DbType.MARIADB));

        FleetMigration run = migrations.start(base, older, "admin");

        assertThat(run.sites()).singleElement().satisfies(site -> {
            assertThat(site.siteId()).isEqualTo(siteId);
            assertThat(site.queued()).isFalse();
            assertThat(site.refused()).contains("older schema");
        });
        assertThat(run.refused()).isEqualTo(1);
        assertThat(run.done()).isTrue();
        assertThat(siteTasks.history(siteId, 0).items()).noneMatch(task -> task.type().equals("migrate"));
        assertThat(migrations.forPlatform(base, 10)).extracting(FleetMigration::id).contains(run.id());
    }

    @Test
    void aRunIsRefusedWithAClearMessageWhenMigrateIsOffOrTheTargetMakesNoSense() {
        long base = examplePlatform("example-base");
        installedSite("fleet-bad", base, dbService(DbType.MARIADB));

        assertThatThrownBy(() -> migrations.start(base, base, "admin")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("other than");
        assertThatThrownBy(() -> migrations.start(base, 987_654_321L, "admin")).isInstanceOf(InvalidInputException.class)
                .hasMessage("There is no platform 987654321.");
        settings.setFeature(Feature.MIGRATE, false);
        assertThat(migrations.available()).isFalse();
        assertThatThrownBy(() -> migrations.start(base, base + 1, "admin")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Migrate is off");
        assertThat(migrations.forPlatform(base, 10)).as("nothing recorded for a refused run").isEmpty();
    }

    private FleetTarget target(long platform, long target) {
        return migrations.targets(platform).stream().filter(t -> t.platformId() == target).findFirst().orElseThrow();
    }

    private void login(WebDriver driver) {
        Browser.signInAsAdmin(driver, "http://localhost:" + port);
    }
}
