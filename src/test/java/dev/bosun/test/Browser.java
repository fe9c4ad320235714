package dev.bosun.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Debian Chromium driven by Debian's chromedriver, with the flags a closed network needs. */
public final class Browser {

    private Browser() {
    }

    /** Starts the browser; {@code extraArguments} go to Chromium after the usual flags. */
    public static WebDriver start(String... extraArguments) throws IOException {
        Path profile = Files.createTempDirectory("bosun-chromium");
        ChromeOptions options = new ChromeOptions();
        RequiresProgramCondition.find("chromium").ifPresent(path -> options.setBinary(path.toFile()));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--window-size=1360,900", "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(RequiresProgramCondition.find("chromedriver")
                        .orElseThrow(() -> new IllegalStateException("chromedriver not found")).toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options) {
            @Override
            public void quit() {
                try {
                    super.quit();
                } finally {
                    TestDatabases.deleteQuietly(profile);
                }
            }
        };
        TestDatabases.deleteWhenJvmEnds(profile); // also when a test does not quit its browser
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Signs in as the test contexts' administrator at {@code baseUrl} and waits for the dashboard. */
    public static void signInAsAdmin(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/login");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(BosunTest.ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.titleContains("Dashboard"));
    }

    /** Saves a screenshot under target/screenshots for a person to look at. */
    public static Path screenshot(WebDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
