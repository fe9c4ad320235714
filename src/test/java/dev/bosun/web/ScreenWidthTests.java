package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import dev.bosun.account.ApiTokens;
import dev.bosun.account.ClientService;
import dev.bosun.account.UserAdministration;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page of the panel, found from its handler mappings (so a new page is checked without anyone listing it),
 * loaded in Chromium at 1366 and at 400 pixels with real rows behind its path: no page scrolls sideways (wide
 * content scrolls inside its card). On a narrow screen the navigation and account links fold behind a menu
 * button, and the closed menu bar keeps its height on a short page. Every link on those pages that stays in the panel answers without an error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
// Its own panel: the rows it adds must not show in the shared panel's list pages.
@TestPropertySource(properties = "bosun.test.context=screen-width")
@RequiresProgram({"chromium", "chromedriver"})
class ScreenWidthTests {

    static final List<Integer> WIDTHS = List.of(1366, 400);
    /** The longest domain a page may have to show, to find what does not wrap. */
    static final String LONG_LABEL = "a-very-long-subdomain-name-for-testing-wrapping";
    /** The closed menu bar at 400 px: the brand and the menu button on one line (about 57 px). */
    static final double MENU_BAR_MAX_HEIGHT = 100;

    static WebDriver driver;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClientService clients;

    @Autowired
    UserAdministration users;

    @Autowired
    ApiTokens tokens;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    MappingFixture rows;

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

    @BeforeEach
    void fixture() throws Exception {
        rows = new MappingFixture(jdbc, clients, users, tokens, new MappingFixture.Labels("screen-" + tag,
                "Screen " + tag + " with a long client name for wrapping", LONG_LABEL + "-" + tag + ".example.com",
                "/var/www/screen-with-a-rather-long-root-path/web"), "admin");
    }

    @Test
    void noPageScrollsSidewaysAtEitherWidth() throws Exception {
        Browser.signInAsAdmin(driver, url(""));
        List<String> pages = pages();
        assertThat(pages).as("the panel's pages").hasSizeGreaterThan(40);
        List<String> checked = new ArrayList<>();
        List<String> tooWide = new ArrayList<>();
        List<String> tallBar = new ArrayList<>();
        TreeSet<String> links = new TreeSet<>();
        for (int width : WIDTHS) {
            resize(width);
            for (String page : pages) {
                driver.get(url(page));
                JavascriptExecutor js = (JavascriptExecutor) driver;
                Map<?, ?> shown = (Map<?, ?>) js.executeScript("return {type: document.contentType, "
                        + "styled: !!document.querySelector('link[rel=stylesheet]'), "
                        + "page: document.documentElement.scrollWidth, screen: window.innerWidth, "
                        + "bar: document.querySelector('.sidebar') ? document.querySelector('.sidebar')"
                        + ".getBoundingClientRect().height : 0};");
                if (!"text/html".equals(shown.get("type")) || !Boolean.TRUE.equals(shown.get("styled"))) {
                    continue; // JSON, or a fragment that htmx puts into a page
                }
                checked.add(width + " " + page);
                if (width == WIDTHS.get(0)) {
                    ((List<?>) js.executeScript("return Array.from(document.querySelectorAll('a[href]'))"
                            + ".map(a => a.href).filter(h => h.startsWith(location.origin + '/'))"
                            + ".map(h => h.substring(location.origin.length).split('#')[0]);"))
                            .forEach(link -> links.add((String) link));
                }
                long wide = ((Number) shown.get("page")).longValue();
                long screen = ((Number) shown.get("screen")).longValue();
                assertThat(screen).as("viewport width").isEqualTo(width);
                if (width == 400 && ((Number) shown.get("bar")).doubleValue() > MENU_BAR_MAX_HEIGHT) {
                    tallBar.add(page + ": the closed menu bar is " + shown.get("bar") + " px high");
                    Browser.screenshot(driver, "tall-menu-bar" + page.replaceAll("[^A-Za-z0-9]+", "-"));
                }
                if (wide > screen) {
                    tooWide.add(page + " is " + wide + " px wide on a " + screen + " px screen");
                    Browser.screenshot(driver, "too-wide-" + width + page.replaceAll("[^A-Za-z0-9]+", "-"));
                }
            }
        }
        System.out.println("Pages checked at " + WIDTHS + " px: " + checked.size());
        assertThat(checked).as("HTML pages checked").hasSizeGreaterThan(2 * 25)
                .contains("400 /sites/" + rows.site, "400 /tasks/" + rows.task, "400 /platforms/" + rows.platform,
                        "400 /servers/" + rows.server, "400 /clients/" + rows.client);
        assertThat(tooWide).as("pages wider than the screen").isEmpty();
        assertThat(tallBar).as("at 400 px the closed menu bar keeps its own height, however short the page").isEmpty();

        links.removeIf(link -> link.equals("/logout"));
        List<String> broken = new ArrayList<>();
        driver.get(url("/"));
        for (String link : links) {
            Object status = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {credentials: 'same-origin', redirect: 'follow'})"
                    + ".then(r => done(r.status)).catch(e => done(String(e)));", link);
            if (!(status instanceof Number number) || number.intValue() >= 400) {
                broken.add(link + " answered " + status);
            }
        }
        System.out.println("Links followed from the pages: " + links.size());
        assertThat(links).as("links found on the pages").hasSizeGreaterThan(40);
        assertThat(broken).as("links of the panel's pages that do not work").isEmpty();
    }

    @Test
    void onANarrowScreenTheNavigationFoldsBehindAMenuButton() throws Exception {
        Browser.signInAsAdmin(driver, url(""));
        resize(400);
        driver.get(url("/sites"));
        WebElement menu = driver.findElement(By.cssSelector("[data-menu-toggle]"));
        WebElement tasks = driver.findElement(By.cssSelector("#main-menu a[href='/tasks']"));
        WebElement logOut = driver.findElement(By.cssSelector("#account-menu button[type=submit]"));
        assertThat(menu.isDisplayed()).isTrue();
        assertThat(tasks.isDisplayed()).as("navigation folded").isFalse();
        assertThat(logOut.isDisplayed()).as("account links folded").isFalse();
        Browser.screenshot(driver, "menu-folded-400");

        menu.click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> tasks.isDisplayed());
        assertThat(logOut.isDisplayed()).isTrue();
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
        Browser.screenshot(driver, "menu-open-400");
        tasks.click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/tasks"));

        resize(1366);
        driver.get(url("/sites"));
        assertThat(driver.findElement(By.cssSelector("[data-menu-toggle]")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("#main-menu a[href='/tasks']")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#account-menu button[type=submit]")).isDisplayed()).isTrue();
    }

    /**
     * The GET mappings of the panel, with their path variables filled; not the API, downloads or event streams.
     * Fragments are among them and are left out once loaded: they have no stylesheet of their own.
     */
    private List<String> pages() {
        TreeSet<String> pages = new TreeSet<>();
        handlerMapping.getHandlerMethods().forEach((info, method) -> {
            if (!info.getMethodsCondition().getMethods().isEmpty()
                    && !info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                return;
            }
            boolean stream = info.getProducesCondition().getProducibleMediaTypes().stream()
                    .anyMatch(type -> type.toString().startsWith("text/event-stream"));
            if (stream || info.getPathPatternsCondition() == null) {
                return;
            }
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (pattern.startsWith("/api") || pattern.startsWith("/v3/") || pattern.startsWith("/swagger")
                        || pattern.contains("download") || pattern.equals("/error") || pattern.equals("/logout")
                        || pattern.startsWith("/login")) {
                    continue;
                }
                pages.add(rows.fill(pattern));
            }
        });
        return List.copyOf(pages);
    }

    private void resize(int width) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
