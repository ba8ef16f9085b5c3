package io.bussdcc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by its chromedriver: never Selenium Manager, never the
 * network, nothing written into the home directory (profile and XDG folders under
 * {@code target/chromium/}). Close it in {@code @AfterEach} or {@code finally}, or Chromium
 * outlives the test JVM. The setup is described in BUILD-NOTES ("Browser tests").
 */
public final class Chromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts a browser with a window of {@code width} × {@code height} pixels and the browser
     * console recorded; fails naming the Debian package when the binaries are missing.
     */
    public static Chromium start(int width, int height) throws IOException {
        requireInstalled(CHROMIUM, "chromium");
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        Path home = Files.createDirectories(Path.of("target", "chromium", UUID.randomUUID().toString()));
        ChromeDriverService service = new ChromeDriverService.Builder()
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
                "--window-size=" + width + "," + height, "--user-data-dir=" + home.resolve("profile").toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            return new Chromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** What reached the browser console at level SEVERE ({@code console.error}, uncaught exceptions, failed loads) since the last call. */
    public List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
    }

    /** Quits the browser, then stops the driver. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing: the browser tests need Debian's " + debianPackage
                    + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        }
    }
}
