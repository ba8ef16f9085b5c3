package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard of a replay whose source failed mid-way, in headless Chromium: it says so, and goes on. */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class ReplayPageBrowserTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aSourceThatFailedMidwayIsSaidOnThePageAndTheReplayStillWorks() throws Exception {
        ReplayControlsTest.FakeTimeline timeline = new ReplayControlsTest.FakeTimeline();
        String problem = "reading events failed after event 11 (at 2026-12-01T08:00:10Z): java.io.IOException: "
                + "disk read error; the timeline ends there";
        timeline.problem = Optional.of(problem);
        Runtime runtime = Runtime.builder().messageTypes(WebFixture.registry()).build();
        runtime.boot();
        open.add(() -> runtime.shutdown("test over"));
        Context context = new ReplayControlsTest.WithTimeline(runtime.context(), timeline);
        WebInterface web = WebInterface.builder().port(0).discoverPlugins(false).build();
        web.start(context);
        open.add(() -> web.stop(context));
        Chromium browser = Chromium.start(1280, 900);
        open.add(browser);
        ChromeDriver driver = browser.driver();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(25));

        driver.get("http://127.0.0.1:" + web.port() + "/");
        wait.until(d -> d.findElement(By.id("replay-bar")).isDisplayed());
        wait.until(d -> d.findElement(By.id("replay-message")).getText().equals(problem));
        assertEquals("REPLAY", driver.findElement(By.id("replay-badge")).getText());
        assertEquals("2026-12-01T08:00:00Z", driver.findElement(By.id("replay-start")).getText());
        assertEquals("2026-12-01T08:00:10Z", driver.findElement(By.id("replay-end")).getText());

        driver.findElement(By.id("replay-step")).click();
        wait.until(d -> "1".equals(d.findElement(By.id("replay-position")).getDomAttribute("data-position")));
        assertEquals(List.of("step"), timeline.calls);
        Files.write(Path.of("target", "replay-source-failed.png"),
                driver.findElement(By.id("replay-bar")).getScreenshotAs(OutputType.BYTES));
        assertTrue(browser.consoleErrors().stream().map(LogEntry::getMessage).toList().isEmpty(),
                browser.consoleErrors().toString());
    }
}
