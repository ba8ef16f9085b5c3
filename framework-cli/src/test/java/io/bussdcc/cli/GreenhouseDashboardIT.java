package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
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
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The greenhouse widget on the image's dashboard, as a person sees it: Debian's Chromium, headless. */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class GreenhouseDashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    private Image.Running run;
    private ChromeDriverService service;
    private ChromeDriver driver;

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
            if (run != null) {
                run.kill();
            }
        }
    }

    @Test
    void theWidgetShowsTheLiveTemperatureAndTheAlarmLevel() throws Exception {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: install Debian's chromium and chromium-driver");
            }
        }
        // A low high threshold, so the sensor (26 °C and rising) is in HIGH alarm from the first reading.
        run = Image.start(dir, Map.of(), "run", "--web", "127.0.0.1:0", "--events", "events",
                "--set", "process.greenhouse.high=15", "--set", "process.greenhouse.critical=45");
        Matcher m = DASHBOARD.matcher(run.awaitStderr("running;", Duration.ofSeconds(30)));
        assertTrue(m.find());

        Path home = Files.createDirectories(Path.of("target", "chromium", UUID.randomUUID().toString()));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withEnvironment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toAbsolutePath().toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toAbsolutePath().toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1900", "--user-data-dir=" + home.resolve("profile").toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);

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
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "no console errors");
    }
}
