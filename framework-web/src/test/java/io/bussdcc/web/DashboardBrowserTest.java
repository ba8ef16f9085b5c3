package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.ServiceState;
import io.bussdcc.testing.Chromium;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Note;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium (Debian's chromium and chromium-driver). */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class DashboardBrowserTest {

    private static final Path TARGET = Path.of("target");

    private Chromium browser;
    private ChromeDriver driver;
    private final java.util.List<AutoCloseable> closeLater = new java.util.ArrayList<>();

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Chromium.start(1280, 1700);
        driver = browser.driver();
    }

    @AfterEach
    void quitBrowser() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            for (AutoCloseable c : closeLater.reversed()) {
                c.close();
            }
        }
    }

    private WebFixture start(WebInterface web) {
        WebFixture f = WebFixture.start(web, r -> {
            r.addService(new Ticker("ticker"));
            r.addService(new Ticker("sampler"));
            r.addDevice(new ApiTest.Thermometer("thermo-1"));
        });
        f.runtime.state().set("system.identity", Map.of("hostname", "greenhouse-pi", "model", "Raspberry Pi 4 Model B",
                "cpuSerial", "10000000abcdef01", "os", "Linux 6.6", "java", java.lang.Runtime.version().toString()));
        f.runtime.state().set("greenhouse.north.temperature", 21.5);
        f.runtime.state().set("greenhouse.north.humidity", 0.62);
        closeLater.add(f);
        return f;
    }

    private WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(25));
    }

    private void openDashboard(WebFixture f) {
        driver.get(f.uri("/").toString());
        awaitConnected(Duration.ofSeconds(10));
    }

    private void awaitConnected(Duration timeout) {
        waitUpTo(timeout).until(ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "open"));
    }

    private List<LogEntry> consoleErrors() {
        return browser.consoleErrors();
    }

    @Test
    void theDashboardLoadsWithoutConsoleErrors() throws Exception {
        WebFixture f = start(WebInterface.builder().port(0).build());
        openDashboard(f);
        WebDriverWait wait = waitUpTo(Duration.ofSeconds(10));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("service-rows"), "ticker"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-rows"), "thermo-1"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity"), "greenhouse-pi"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("versions"), "io.bussdcc.web"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-tree"), "greenhouse"));
        for (int i = 0; i < 40; i++) {
            f.runtime.emit(new Note("reading " + i));
            Thread.sleep(25);
        }
        f.runtime.emit(new Alarm("north vent stuck"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), "north vent stuck"));
        Thread.sleep(1100); // one tick of the rate chart
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, TARGET.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of(), consoleErrors(), "the dashboard logs no errors");
        assertEquals("bussdcc dashboard", driver.getTitle());
        // Live mode is unchanged: no REPLAY badge, no virtual time, no timeline bar.
        for (String replayOnly : List.of("replay-bar", "replay-badge", "virtual-time")) {
            assertTrue(!driver.findElement(By.id(replayOnly)).isDisplayed(), replayOnly + " is not shown live");
        }
    }

    @Test
    void anEventEmittedInTheRuntimeAppearsWithinTwoSeconds() {
        WebFixture f = start(WebInterface.builder().port(0).build());
        openDashboard(f);
        String marker = "browser-" + UUID.randomUUID();
        f.runtime.emit(new Note(marker));
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), marker));
        WebElement row = driver.findElement(By.cssSelector("#event-rows tr[data-type='test:Note']"));
        assertTrue(row.getText().contains("INFO"), row.getText());
    }

    @Test
    void aBurstOfEventsArrivesCompletelyEvenWhenBatched() {
        WebFixture f = start(WebInterface.builder().port(0).discoverPlugins(false).build());
        openDashboard(f);
        int burst = 800;
        for (int i = 0; i < burst; i++) {
            f.runtime.emit(new Note("burst " + i));
        }
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), "burst " + (burst - 1)));
        waitUpTo(Duration.ofSeconds(3)).until(d ->
                Integer.parseInt(d.findElement(By.id("event-total")).getText()) >= burst);
        assertEquals("0", driver.findElement(By.id("missed-total")).getText());
        assertEquals(300, driver.findElements(By.cssSelector("#event-rows tr")).size(), "the newest 300 are kept");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theStopButtonStopsTheServiceInTheRuntime() {
        WebFixture f = start(WebInterface.builder().port(0).build());
        openDashboard(f);
        By stop = By.cssSelector("button[data-service='ticker'][data-action='stop']");
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(stop)).click();
        waitUpTo(Duration.ofSeconds(5)).until(d ->
                f.runtime.services().info("ticker").orElseThrow().state() == ServiceState.STOPPED);
        waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("button[data-service='ticker'][data-action='start']")));
        assertEquals(ServiceState.RUNNING, f.runtime.services().info("sampler").orElseThrow().state(),
                "only the one service stopped");
    }

    @Test
    void thePageReconnectsByItselfAfterTheServerRestarts() {
        WebFixture first = start(WebInterface.builder().port(0).build());
        int port = first.web.port();
        openDashboard(first);
        first.close();
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.not(
                ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "open")));

        WebFixture second = start(new WebInterface("127.0.0.1", port));
        awaitConnected(Duration.ofSeconds(15));
        String marker = "after-restart-" + UUID.randomUUID();
        second.runtime.emit(new Note(marker));
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), marker));
        assertTrue(Integer.parseInt(driver.findElement(By.id("reconnect-total")).getText()) >= 1);
    }
}
