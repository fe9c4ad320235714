package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.bosun.test.Browser;
import dev.bosun.test.BosunTest;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** The panel as a person sees it, in headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@RequiresProgram({"chromium", "chromedriver"})
class BrowserTests {

    static WebDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signInShowsTheDashboardAndUnknownPagesShowTheNotFoundPage() throws Exception {
        driver.get(url("/login"));
        Browser.screenshot(driver, "login");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(BosunTest.ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();

        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Dashboard"));
        assertThat(driver.findElement(By.id("queue-block")).getText()).contains("No tasks yet");
        assertThat(driver.findElement(By.cssSelector(".nav a.active")).getText()).isEqualTo("Dashboard");
        Browser.screenshot(driver, "dashboard");

        driver.get(url("/no-such-page"));
        assertThat(driver.getTitle()).contains("Not found");
        assertThat(driver.findElement(By.cssSelector(".error-code")).getText()).isEqualTo("404");
        assertThat(driver.findElements(By.cssSelector(".sidebar .nav a"))).hasSizeGreaterThan(5);
        Browser.screenshot(driver, "not-found");

        driver.findElement(By.cssSelector(".user button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?logout"));
        assertThat(driver.getPageSource()).contains("You have been signed out.");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
