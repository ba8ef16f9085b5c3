package io.bussdcc.examples.greenhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bussdcc.examples.greenhouse.AlarmProcess.Thresholds;
import io.bussdcc.examples.greenhouse.internal.GreenhouseMessageTypes;
import io.bussdcc.examples.greenhouse.internal.GreenhouseWebPlugin;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.web.WebInterface;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The greenhouse's settings in a real headless Chromium: the generated SetThresholds form at
 * /commands refuses an out-of-range value beside the field, takes the corrected one with a
 * quiet-hours row added and another removed, and the command shows on the live dashboard and
 * in /api/state; the Chart.js page draws readings. Screenshots go to target/.
 */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class GreenhouseBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of("target");

    private ChromeDriverService service;
    private ChromeDriver driver;
    private Runtime runtime;
    private WebInterface web;

    @BeforeEach
    void start() throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
        runtime = Runtime.builder().build();
        new GreenhouseMessageTypes().registerTypes(runtime.messageTypes());
        SimulatedSensor sensor = new SimulatedSensor("greenhouse-1", SimulatedSensor.Physics.DEFAULT);
        runtime.addDevice(sensor);
        runtime.addService(new SensorPollingService(sensor, Duration.ofMillis(100)));
        runtime.addProcess(new AlarmProcess(Thresholds.DEFAULT, List.of("greenhouse")));
        web = WebInterface.builder().port(0).discoverPlugins(false).plugin(new GreenhouseWebPlugin())
                .allowFromWeb(SetThresholds.class).build();
        runtime.addInterface(web);
        runtime.boot();

        Path home = Files.createDirectories(TARGET.resolve("chromium").resolve(UUID.randomUUID().toString()));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of(
                        "XDG_CONFIG_HOME", home.resolve("config").toAbsolutePath().toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toAbsolutePath().toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1400", "--lang=en-GB", "--user-data-dir=" + home.resolve("profile").toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (runtime != null) {
                runtime.shutdown("test over");
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + web.port() + path;
    }

    private WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(25));
    }

    private void screenshot(String name) throws IOException {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Clicks the Add button of the collection {@code name} and returns the new row. */
    private WebElement addRow(String name) {
        WebElement rows = driver.findElement(By.cssSelector("[data-rows='" + name + "']"));
        int before = rows.findElements(By.cssSelector(":scope > [data-rows-entries] > [data-row]")).size();
        click(rows.findElement(By.cssSelector(":scope > [data-rows-add]")));
        List<WebElement> after = rows.findElements(By.cssSelector(":scope > [data-rows-entries] > [data-row]"));
        assertEquals(before + 1, after.size());
        return after.getLast();
    }

    private void click(WebElement element) {
        // instant: Bootstrap makes scrolling smooth, and a click during the animation misses
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException e) {
            Object over = driver.executeScript("const r = arguments[0].getBoundingClientRect();"
                    + "const o = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
                    + "return r.x + ',' + r.y + ',' + r.width + 'x' + r.height + ' ' + window.innerHeight + ' ' + (o ? o.outerHTML.slice(0, 300) : null)", element);
            throw new AssertionError("covered: " + over, e);
        }
    }

    private void setTime(WebElement input, String value) {
        // A time input's typing order follows the browser's locale; its value is not locale-dependent.
        driver.executeScript("arguments[0].value = arguments[1]", input, value);
    }

    @Test
    void theSettingsFormRefusesAnOutOfRangeValueThenEmitsTheCorrectedCommand() throws Exception {
        String dashboard = driver.getWindowHandle();
        driver.get(url("/"));
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "open"));

        driver.switchTo().newWindow(WindowType.TAB);
        String forms = driver.getWindowHandle();
        driver.get(url("/commands"));
        driver.findElement(By.cssSelector("a[data-command='greenhouse:SetThresholds']")).click();
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-command-form]")));

        WebElement max = addRow("maxTemperature");
        new Select(max.findElement(By.cssSelector("select[name$='.key']"))).selectByValue("greenhouse-1");
        max.findElement(By.cssSelector("input[name$='.value']")).sendKeys("50");
        new Select(driver.findElement(By.name("mode"))).selectByValue("MAINTENANCE");
        WebElement quiet = addRow("quietHours");
        setTime(quiet.findElement(By.cssSelector("input[name$='.from']")), "22:00");
        setTime(quiet.findElement(By.cssSelector("input[name$='.to']")), "06:00");
        click(driver.findElement(By.cssSelector("[data-command-form] button[type=submit]")));

        WebElement error = waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-error-for='maxTemperature.0.value']")));
        assertEquals("must be between 10 and 45", error.getText());
        assertEquals("MAINTENANCE", new Select(driver.findElement(By.name("mode"))).getFirstSelectedOption().getAttribute("value"),
                "the user's other values are kept");
        assertEquals("22:00", driver.findElement(By.name("quietHours.0.from")).getAttribute("value"));
        screenshot("greenhouse-form-with-errors.png");

        WebElement value = driver.findElement(By.name("maxTemperature.0.value"));
        value.clear();
        value.sendKeys("28.5");
        WebElement extra = addRow("quietHours");
        setTime(extra.findElement(By.cssSelector("input[name$='.from']")), "12:00");
        setTime(extra.findElement(By.cssSelector("input[name$='.to']")), "13:00");
        click(extra.findElement(By.cssSelector("[data-rows-remove]")));
        assertEquals(1, driver.findElements(By.cssSelector("[data-rows='quietHours'] > [data-rows-entries] > [data-row]")).size());
        click(driver.findElement(By.cssSelector("[data-command-form] button[type=submit]")));
        WebElement flash = waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-flash]")));
        assertTrue(flash.getText().contains("Emitted greenhouse:SetThresholds"), flash.getText());

        driver.switchTo().window(dashboard);
        WebElement row = waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#event-rows tr[data-type='greenhouse:SetThresholds']")));
        assertTrue(row.getText().contains("MAINTENANCE"), row.getText());

        driver.switchTo().window(forms);
        driver.get(url("/api/state?path=greenhouse.settings"));
        String state = driver.findElement(By.tagName("body")).getText();
        assertEquals("{\"mode\":\"MAINTENANCE\",\"maxTemperature\":{\"greenhouse-1\":28.5},\"quietHours\":[\"22:00-06:00\"]}",
                state.strip());
        // The greenhouse's own settings page shows what is in force, its form filled with it.
        driver.get(url("/greenhouse/settings"));
        String inForce = driver.findElement(By.cssSelector("[data-settings-in-force]")).getText();
        assertTrue(inForce.contains("Mode: MAINTENANCE") && inForce.contains("greenhouse-1: max 28.5 °C")
                && inForce.contains("Quiet 22:00-06:00 (UTC)"), inForce);
        assertEquals("MAINTENANCE", new Select(driver.findElement(By.name("mode"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("28.5", driver.findElement(By.name("maxTemperature.0.value")).getAttribute("value"));
        assertEquals("06:00", driver.findElement(By.name("quietHours.0.to")).getAttribute("value"));
        // Chromium logs the refused post's 422 itself as a failed load; nothing else may fail
        assertEquals(List.of(), consoleErrors().stream()
                .filter(e -> !e.getMessage().contains("/commands/greenhouse%3ASetThresholds - Failed to load resource: "
                        + "the server responded with a status of 422")).toList());
    }

    @Test
    void theChartPageDrawsTheReadings() throws Exception {
        driver.get(url("/greenhouse/chart"));
        // getDomAttribute reads the attribute without running a script in the (busy) page
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200)).until(d -> {
            String points = d.findElement(By.id("readings-chart")).getDomAttribute("data-points");
            return points != null && Integer.parseInt(points) >= 3;
        });
        assertTrue(driver.findElement(By.cssSelector("a.nav-link.active")).getText().contains("Readings"));
        assertTrue(driver.findElement(By.cssSelector("[data-footer]")).getText().contains("io.bussdcc.examples.greenhouse"));
        screenshot("greenhouse-chart.png");
        assertEquals(List.of(), consoleErrors());
    }
}
