package dev.bosun.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.bosun.server.ServerFixtures;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** Registering a server as an administrator does it, in headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(properties = {ServerFixtures.OWN_CONTEXT, ServerFixtures.NO_DISPATCH, ServerFixtures.SMALL_POOL})
@RequiresProgram({"chromium", "chromedriver"})
class ServersBrowserTests {

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
    void anAdministratorRegistersAServerAndSeesWhatToFixThenItsPage() throws Exception {
        signIn();
        driver.get(url("/servers"));
        assertThat(driver.findElement(By.id("public-key")).getText()).startsWith("ssh-ed25519 ");
        Browser.screenshot(driver, "servers");

        driver.findElement(By.linkText("Register a server")).click();
        type("name", "web-browser");
        type("hostname", "127.0.0.7; reboot");
        type("sshUser", "bosun");
        new Select(driver.findElement(By.id("httpType"))).selectByVisibleText("apache");
        new Select(driver.findElement(By.id("dbType"))).selectByVisibleText("postgresql");
        type("dbAdminUser", "postgres");
        driver.findElement(By.cssSelector("#server-form button[type=submit]")).click();

        Browser.screenshot(driver, "server-form-errors");
        assertThat(driver.findElement(By.id("hostname-error")).getText())
                .isEqualTo("“127.0.0.7; reboot” is not a valid hostname: each part between dots is 1-63 letters a-z, "
                        + "digits or inner hyphens.");
        Browser.screenshot(driver, "server-form-errors");
        type("hostname", "127.0.0.7");
        driver.findElement(By.cssSelector("#server-form button[type=submit]")).click();

        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("web-browser"));
        assertThat(driver.findElement(By.cssSelector(".flash")).getText())
                .isEqualTo("Server web-browser registered; its verify task is queued.");
        assertThat(driver.findElement(By.id("tasks-title")).findElement(By.xpath("../..")).getText()).contains("verify");
        Browser.screenshot(driver, "server");
    }

    private void signIn() {
        Browser.signInAsAdmin(driver, url(""));
    }

    private void type(String id, String text) {
        var field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
