package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** A person turns on two-factor sign-in in Chromium, then signs in with password and code. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@RequiresProgram({"chromium", "chromedriver"})
class SecondFactorBrowserTests {

    static WebDriver driver;

    @LocalServerPort
    int port;

    @Autowired
    UserAdministration users;

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
    void enrolmentShowsAQrCodeAndTheNextSignInAsksForTheCode() throws Exception {
        String name = "phone-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "phone-password-1"));
        signIn(name, "phone-password-1");
        wait(ExpectedConditions.titleContains("Dashboard"));

        driver.get(url("/account/two-factor"));
        String secret = driver.findElement(By.id("totp-secret")).getText().strip();
        Object qrWidth = ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('img.qr-code').naturalWidth;");
        assertThat(((Number) qrWidth).intValue()).as("the QR code image loads").isPositive();
        Browser.screenshot(driver, "two-factor-enrolment");
        driver.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now()));
        driver.findElement(By.cssSelector("form[action$='/account/two-factor'] button[type=submit]")).click();
        String codes = wait(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes"))).getText();
        assertThat(codes.strip().split("\\s+")).hasSize(10);

        driver.manage().deleteAllCookies();
        signIn(name, "phone-password-1");
        wait(ExpectedConditions.titleContains("Sign-in code"));
        driver.findElement(By.id("code")).sendKeys("000000");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-error"))).getText())
                .contains("not right");
        driver.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now().plus(Totp.STEP)));
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.titleContains("Dashboard"));
        assertThat(driver.findElement(By.cssSelector(".user-name")).getText()).isEqualTo(name);
        Browser.screenshot(driver, "two-factor-signed-in");
    }

    private void signIn(String username, String password) {
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
