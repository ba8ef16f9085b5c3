package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.testing.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Historical debugging as a person does it: {@code bussdcc replay --web} of the greenhouse
 * example's recorded log (examples/greenhouse/recorded), in Debian's headless Chromium.
 */
@Tag("browser") // runs in ./dev test-browser, not in ./dev test
class ReplayTimelineBrowserIT {

    static final Path RECORDED = Path.of("../examples/greenhouse/recorded").toAbsolutePath().normalize();
    private static final Pattern DASHBOARD = Pattern.compile("dashboard of the replay: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

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

    /** The log's lines, in order. */
    static List<String> lines() throws Exception {
        try (var files = Files.walk(RECORDED)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted()
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    static String timeOf(String line) {
        Matcher m = TIME.matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }

    /** The README's command (a copy of examples/greenhouse/replay-web.sh), on any free port, with the log's absolute path. */
    static List<String> readmeCommand() throws Exception {
        Path script = RECORDED.resolveSibling("replay-web.sh");
        List<String> words = List.of(Files.readString(script, StandardCharsets.UTF_8).strip().split(" +"));
        assertEquals("bussdcc", words.get(0), script.toString());
        Path repo = RECORDED.getParent().getParent().getParent();
        List<String> args = new java.util.ArrayList<>(words.subList(1, words.size()));
        args.set(1, repo.resolve(args.get(1)).toString());
        args.set(args.indexOf("127.0.0.1:5000"), "127.0.0.1:0");
        assertEquals(RECORDED.toString(), args.get(1));
        return args;
    }

    private String start() throws Exception {
        List<String> command = new java.util.ArrayList<>(readmeCommand());
        command.addAll(List.of("--speed", "10"));
        run = Image.start(dir, Map.of(), command.toArray(String[]::new));
        Matcher m = DASHBOARD.matcher(run.awaitStderr("dashboard of the replay:", Duration.ofSeconds(30)));
        assertTrue(m.find(), run.stderrText());
        return m.group(1);
    }

    private static int position(ChromeDriver d) {
        return Integer.parseInt(d.findElement(By.id("replay-position")).getDomAttribute("data-position"));
    }

    private static String mode(ChromeDriver d) {
        return d.findElement(By.id("replay-position")).getDomAttribute("data-mode");
    }

    @Test
    void playPauseStepThreeTimesThenPreviousAlarmBackToTheFirstAndTheStatePanelShowsThatMoment() throws Exception {
        List<String> lines = lines();
        List<String> alarms = lines.stream().filter(l -> l.contains("\"type\":\"greenhouse:Alarm\"")).toList();
        assertTrue(alarms.size() >= 2, "the example's log holds a HIGH and a CRITICAL alarm");
        int secondAlarm = lines.indexOf(alarms.get(1));
        String url = start();

        browser = Chromium.start(1280, 1400);
        ChromeDriver driver = browser.driver();
        driver.get(url);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(25));
        wait.until(d -> d.findElement(By.id("replay-bar")).isDisplayed());
        assertEquals("REPLAY", driver.findElement(By.id("replay-badge")).getText());
        wait.until(d -> "0".equals(d.findElement(By.id("replay-position")).getDomAttribute("data-position")));
        assertEquals(timeOf(lines.get(0)), driver.findElement(By.id("virtual-time")).getText(),
                "the virtual time is the first event's, where live time would be");
        wait.until(d -> d.findElement(By.id("service-rows")).getText().equals("no services")); // nothing published yet

        // Play until past the second alarm, then pause.
        driver.findElement(By.id("replay-play")).click();
        wait.until(d -> position(driver) > secondAlarm + 1);
        driver.findElement(By.id("replay-play")).click();
        wait.until(d -> "PAUSED".equals(mode(driver)));
        int paused = position(driver);

        // Every event up to the cursor is shown (the last one on top), then the table is cleared:
        // three steps make three new rows, the next three recorded events.
        String cursor = timeOf(lines.get(paused - 1));
        wait.until(d -> d.findElement(By.cssSelector("#event-rows tr td")).getText()
                .equals(cursor.substring(cursor.indexOf('T') + 1).replace("Z", "")));
        driver.findElement(By.id("clear-button")).click();
        WebElement step = driver.findElement(By.id("replay-step"));
        for (int i = 1; i <= 3; i++) {
            step.click();
            int expected = paused + i;
            wait.until(d -> position(driver) == expected);
        }
        try {
            wait.until(d -> d.findElements(By.cssSelector("#event-rows tr")).size() == 3);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("rows: " + driver.findElements(By.cssSelector("#event-rows tr")).stream()
                    .map(WebElement::getText).toList() + " paused at " + paused + ", now " + position(driver), e);
        }
        List<WebElement> rows = driver.findElements(By.cssSelector("#event-rows tr"));
        for (int i = 0; i < 3; i++) {
            String shown = rows.get(2 - i).findElement(By.cssSelector("td")).getText(); // newest first
            String recorded = timeOf(lines.get(paused + i));
            assertEquals(recorded.substring(recorded.indexOf('T') + 1).replace("Z", ""), shown, "row " + i);
        }

        // "Previous" (WARNING and up) until there is none: the first alarm.
        String before = driver.findElement(By.id("replay-message")).getText();
        for (int i = 0; i < 10 && !driver.findElement(By.id("replay-message")).getText().startsWith("not-found"); i++) {
            String at = driver.findElement(By.id("replay-position")).getDomAttribute("data-time");
            driver.findElement(By.id("replay-previous")).click();
            wait.until(d -> !at.equals(d.findElement(By.id("replay-position")).getDomAttribute("data-time"))
                    || d.findElement(By.id("replay-message")).getText().startsWith("not-found"));
        }
        assertEquals("", before);
        assertEquals(timeOf(alarms.get(0)), driver.findElement(By.id("virtual-time")).getText(), "at the first alarm");
        assertEquals(lines.indexOf(alarms.get(0)) + 1, position(driver));
        assertTrue(driver.findElement(By.id("replay-message")).getText().startsWith("not-found: no earlier event matches"),
                driver.findElement(By.id("replay-message")).getText());

        // The state panel: as of the first alarm (rebuilt from the start), one alarm, level HIGH.
        wait.until(d -> String.valueOf(driver.executeScript("return document.getElementById('state-tree').textContent"))
                .contains("alarms: 1"));
        String state = String.valueOf(driver.executeScript("return document.getElementById('state-tree').textContent"));
        assertTrue(state.contains("level: HIGH"), state);
        assertTrue(state.contains("readings: " + lines.subList(0, lines.indexOf(alarms.get(0))).stream()
                .filter(l -> l.contains("greenhouse:SensorReading")).count()), state);
        // The service and device panels: the recording's, as of the cursor, without controls.
        wait.until(d -> d.findElement(By.id("service-rows")).getText().matches("(?s).*greenhouse\\s+running.*"));
        assertEquals(0, driver.findElements(By.cssSelector("#service-rows button")).size(), "recorded services have no buttons");
        wait.until(d -> d.findElement(By.id("device-rows")).getText().matches("(?s).*greenhouse-1\\s+thermometer\\s+online.*"));
        // The events shown are those before the cursor, the alarm last.
        try {
            wait.until(d -> d.findElement(By.cssSelector("#event-rows tr td:nth-child(3)")).getText().equals("greenhouse:Alarm"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("rows: " + driver.findElements(By.cssSelector("#event-rows tr")).stream().limit(5)
                    .map(WebElement::getText).toList() + " at " + position(driver), e);
        }
        // The address is the shareable link to this instant and filter.
        String link = driver.getCurrentUrl();
        assertTrue(link.contains("at=" + timeOf(alarms.get(0)).replace(":", "%3A")) && link.contains("minSeverity=WARNING"), link);

        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "replay-timeline.png"),
                driver.findElement(By.id("replay-bar")).getScreenshotAs(OutputType.BYTES));
        Files.write(Path.of("target", "replay-dashboard.png"), driver.getScreenshotAs(OutputType.BYTES));

        // The shared link opens a fresh page at that instant.
        driver.get(link);
        try {
            wait.until(d -> timeOf(alarms.get(0)).equals(d.findElement(By.id("virtual-time")).getText()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("after opening " + link + ": virtual time " + driver.findElement(By.id("virtual-time")).getText()
                    + ", message " + driver.findElement(By.id("replay-message")).getText() + ", position "
                    + driver.findElement(By.id("replay-position")).getText() + ", console "
                    + browser.consoleErrors().stream().map(LogEntry::getMessage).toList() + ", server " + run.stderrText(), e);
        }
        assertEquals(List.of(), browser.consoleErrors().stream().map(LogEntry::getMessage).toList(), "no console errors");
    }

    @Test
    void badInputIsAClearMessageOnThePageAndTheServerStaysHealthy() throws Exception {
        List<String> lines = lines();
        String url = start();
        browser = Chromium.start(1280, 900);
        ChromeDriver driver = browser.driver();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(25));
        By message = By.id("replay-message");

        driver.get(url + "?at=1999-01-01T00:00:00Z");
        wait.until(d -> d.findElement(message).getText().startsWith("out-of-range:"));
        assertEquals("out-of-range: cannot seek to 1999-01-01T00:00:00Z: the recording runs from "
                + timeOf(lines.get(0)) + " to " + timeOf(lines.get(lines.size() - 1)), driver.findElement(message).getText());

        driver.get(url + "?speed=0");
        wait.until(d -> d.findElement(message).getText().startsWith("bad-request:"));
        assertEquals("bad-request: speed 0.0 is not allowed: give 0.1 (a tenth of real time) or more, or max",
                driver.findElement(message).getText());
        driver.get(url + "?speed=-2");
        wait.until(d -> d.findElement(message).getText().startsWith("bad-request: speed -2.0 is not allowed"));

        // The log ends while playing: said on the page; playing again is refused with the way out.
        driver.executeScript("return bussdcc.client().seek(arguments[0])", timeOf(lines.get(lines.size() - 20)));
        driver.findElement(By.id("replay-play")).click();
        wait.until(d -> d.findElement(message).getText().startsWith("the recording ended at "));
        assertEquals("ENDED", mode(driver));
        assertEquals(String.valueOf(lines.size()), driver.findElement(By.id("replay-position")).getDomAttribute("data-position"));
        Object refused = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "bussdcc.client().play().then(() => done('played'), e => done(e.code + ': ' + e.message));");
        assertTrue(String.valueOf(refused).startsWith("refused: the replay is at the end of the recording"), String.valueOf(refused));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"mode\":\"REPLAY\""), health.body());
        assertTrue(run.process.isAlive());
    }
}
