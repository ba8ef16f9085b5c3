package io.bussdcc.examples.greenhouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.examples.greenhouse.SensorPollingService;
import io.bussdcc.examples.greenhouse.SimulatedSensor;
import io.bussdcc.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The threshold profiles and the events-per-hour widget in a real headless Chromium, on a real
 * SQLite file that holds both the profiles and the recorder's events: a profile saved with the
 * generated form (refused first for an out-of-range maximum, beside the field), edited, applied
 * (its SetThresholds reaches the alarm process's state), and the dashboard's chart drawn from
 * the recorder. Screenshots go to target/.
 */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class GreenhouseSqlBrowserTest {

    private static final Path TARGET = Path.of("target");

    @TempDir
    Path dir;

    private GreenhouseSqlApp app;
    private Chromium chromium;
    private ChromeDriver driver;

    @BeforeEach
    void start() throws Exception {
        app = new GreenhouseSqlApp(dir, "jdbc:sqlite:" + dir.resolve("greenhouse.db"), true, true, r -> {
            SimulatedSensor sensor = new SimulatedSensor("greenhouse-1", SimulatedSensor.Physics.DEFAULT);
            r.addDevice(sensor);
            r.addService(new SensorPollingService(sensor, Duration.ofMillis(100)));
        });
        chromium = Chromium.start(1280, 1400);
        driver = chromium.driver();
    }

    @AfterEach
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    private String url(String path) {
        return app.base() + path;
    }

    private WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(25));
    }

    private void screenshot(String name) throws Exception {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void click(WebElement element) {
        // instant: Bootstrap makes scrolling smooth, and a click during the animation misses
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
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

    private void setTime(WebElement input, String value) {
        // A time input's typing order follows the browser's locale; its value does not.
        driver.executeScript("arguments[0].value = arguments[1]", input, value);
    }

    /** The profile form's input {@code name} (the table's Apply and Delete forms have a "name" too). */
    private WebElement field(String name) {
        return driver.findElement(By.cssSelector("[data-profile-form] [name='" + name + "']"));
    }

    private void submit() {
        click(driver.findElement(By.cssSelector("[data-profile-form] button[type=submit]")));
    }

    private String flash() {
        return waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-flash]")))
                .getText();
    }

    @Test
    void aProfileIsRefusedBesideItsFieldThenSavedEditedAndApplied() throws Exception {
        driver.get(url("/greenhouse/profiles"));
        assertEquals(List.of("night", "summer"), driver.findElements(By.cssSelector("[data-profiles] tr[data-profile]")).stream()
                .map(e -> e.getDomAttribute("data-profile")).toList(), "the migration's seeds");

        field("name").sendKeys("autumn");
        WebElement max = addRow("thresholds.maxTemperature");
        new Select(max.findElement(By.cssSelector("select[name$='.key']"))).selectByValue("greenhouse-1");
        max.findElement(By.cssSelector("input[name$='.value']")).sendKeys("50");
        new Select(field("thresholds.mode")).selectByValue("MAINTENANCE");
        WebElement quiet = addRow("thresholds.quietHours");
        setTime(quiet.findElement(By.cssSelector("input[name$='.from']")), "22:00");
        setTime(quiet.findElement(By.cssSelector("input[name$='.to']")), "06:00");
        submit();

        WebElement error = waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-error-for='thresholds.maxTemperature.0.value']")));
        assertEquals("must be between 10 and 45", error.getText());
        assertEquals("autumn", field("name").getDomProperty("value"), "the user's values are kept");
        assertEquals("22:00", field("thresholds.quietHours.0.from").getDomProperty("value"));
        assertEquals(2, driver.findElements(By.cssSelector("[data-profiles] tr[data-profile]")).size(), "nothing stored");
        screenshot("greenhouse-profiles-with-errors.png");

        WebElement value = field("thresholds.maxTemperature.0.value");
        value.clear();
        value.sendKeys("28.5");
        WebElement extra = addRow("thresholds.quietHours");
        setTime(extra.findElement(By.cssSelector("input[name$='.from']")), "12:00");
        setTime(extra.findElement(By.cssSelector("input[name$='.to']")), "13:00");
        click(extra.findElement(By.cssSelector("[data-rows-remove]")));
        submit();
        assertTrue(flash().contains("Created profile 'autumn'"));
        WebElement row = driver.findElement(By.cssSelector("tr[data-profile='autumn']"));
        assertTrue(row.getText().contains("MAINTENANCE") && row.getText().contains("greenhouse-1 28.5 °C")
                && row.getText().contains("22:00-06:00"), row.getText());

        click(row.findElement(By.cssSelector("[data-edit]")));
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(By.cssSelector("[data-form-title]"), "Edit autumn"));
        assertEquals("28.5", field("thresholds.maxTemperature.0.value").getDomProperty("value"));
        assertEquals("06:00", field("thresholds.quietHours.0.to").getDomProperty("value"));

        click(driver.findElement(By.cssSelector("tr[data-profile='autumn'] [data-apply]")));
        assertTrue(flash().contains("Applied profile 'autumn'"));
        driver.get(url("/api/state?path=greenhouse.settings"));
        assertEquals("{\"mode\":\"MAINTENANCE\",\"maxTemperature\":{\"greenhouse-1\":28.5},\"quietHours\":[\"22:00-06:00\"]}",
                driver.findElement(By.tagName("body")).getText().strip());
        // Chromium logs the refused post's 422 itself as a failed load; nothing else may fail
        assertEquals(List.of(), chromium.consoleErrors().stream()
                .filter(e -> !e.getMessage().contains("/greenhouse/profiles - Failed to load resource: "
                        + "the server responded with a status of 422")).toList());
    }

    @Test
    void theDashboardChartsTheRecordersEventsPerHour() throws Exception {
        driver.get(url("/"));
        By widget = By.cssSelector("[data-bussdcc-widget='greenhouse-events']");
        // the readings every 100 ms are committed every 50 ms; the widget reads once, then every 15 s
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(d -> "drawn".equals(d.findElement(widget).getDomAttribute("data-state"))
                        && !"0".equals(d.findElement(widget).getDomAttribute("data-total")));
        WebElement w = driver.findElement(widget);
        assertTrue(Long.parseLong(w.getDomAttribute("data-total")) > 0, "events counted");
        // all in this hour (or two, when the test runs across the hour)
        assertTrue(List.of("1", "2").contains(w.getDomAttribute("data-bars")), w.getDomAttribute("data-bars"));
        assertTrue(w.getText().contains("events in the last 24 hours (bussdcc_events, UTC)"), w.getText());
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", w);
        screenshot("greenhouse-events-per-hour.png");
        assertEquals(List.of(), chromium.consoleErrors());
    }
}
