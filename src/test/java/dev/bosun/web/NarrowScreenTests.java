package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** On a phone-sized screen no page scrolls sideways: wide content scrolls inside its card. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@RequiresProgram({"chromium", "chromedriver"})
class NarrowScreenTests {

    static final int WIDTH = 400;

    static WebDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Browser.start();
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", 860, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void noPageIsWiderThanA400PixelScreen() throws Exception {
        Browser.signInAsAdmin(driver, url(""));
        for (String path : List.of("/", "/sites", "/platforms", "/servers", "/clients", "/tasks", "/admin/settings",
                "/admin/users", "/admin/users/new", "/admin/users/1", "/account/two-factor")) {
            driver.get(url(path));
            Map<?, ?> widths = (Map<?, ?>) ((JavascriptExecutor) driver).executeScript(
                    "return {page: document.documentElement.scrollWidth, screen: window.innerWidth};");
            Browser.screenshot(driver, "narrow" + path.replace('/', '-'));
            long page = ((Number) widths.get("page")).longValue();
            long screen = ((Number) widths.get("screen")).longValue();
            assertThat(screen).as("viewport width").isEqualTo(WIDTH);
            assertThat(page).as("page %s is %d px wide on a %d px screen", path, page, screen)
                    .isLessThanOrEqualTo(screen);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
