package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The greenhouse widget on the image's dashboard, as a person sees it: Debian's Chromium, headless. */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class GreenhouseDashboardIT {

    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    private Image.Running run;
    private Chromium browser;

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (run != null) {
                run.kill();
            }
        }
    }

    @Test
    void theWidgetShowsTheLiveTemperatureAndTheAlarmLevel() throws Exception {
        // A low high threshold, so the sensor (26 °C and rising) is in HIGH alarm from the first reading.
        run = Image.start(dir, Map.of(), "run", "--web", "127.0.0.1:0", "--events", "events",
                "--set", "process.greenhouse.high=15", "--set", "process.greenhouse.critical=45");
        Matcher m = DASHBOARD.matcher(run.awaitStderr("running;", Duration.ofSeconds(30)));
        assertTrue(m.find());

        browser = Chromium.start(1280, 1900);
        ChromeDriver driver = browser.driver();

        driver.get(m.group(1));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(25));
        By tile = By.cssSelector("[data-bussdcc-widget='greenhouse'] [data-sensor='greenhouse-1']");
        wait.until(ExpectedConditions.textMatches(By.cssSelector("[data-sensor='greenhouse-1'] .gh-temp"),
                Pattern.compile("\\d+\\.\\d °C")));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-sensor='greenhouse-1'] .gh-level"), "HIGH"));
        wait.until(ExpectedConditions.textMatches(By.cssSelector("[data-sensor='greenhouse-1'] .gh-stats:last-of-type"),
                Pattern.compile("min .* readings · 1 alarms")));

        WebElement temperature = driver.findElement(By.cssSelector("[data-sensor='greenhouse-1'] .gh-temp"));
        String first = temperature.getText();
        wait.until(d -> !temperature.getText().equals(first)); // live: the next reading replaces it
        double px = Double.parseDouble(temperature.getCssValue("font-size").replace("px", ""));
        assertTrue(px > 30, "the widget's stylesheet applies (font-size " + px + ")");
        assertEquals(1, driver.findElements(tile).size());
        assertEquals(1, driver.findElements(By.cssSelector("[data-sensor='greenhouse-1'] canvas.gh-chart")).size());

        Files.write(Path.of("target", "greenhouse-dashboard.png"), driver.getScreenshotAs(OutputType.BYTES));
        assertEquals(List.of(), browser.consoleErrors().stream().map(LogEntry::getMessage).toList(),
                "no console errors");
    }
}
