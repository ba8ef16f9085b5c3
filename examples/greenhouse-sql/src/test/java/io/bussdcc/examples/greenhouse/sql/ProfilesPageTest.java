package io.bussdcc.examples.greenhouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.examples.greenhouse.AlarmProcess;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.SetThresholds.Mode;
import io.bussdcc.examples.greenhouse.SetThresholds.QuietHours;
import io.bussdcc.sql.Database;
import io.bussdcc.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiles page and the events-per-hour route over real HTTP, on a real SQLite file. */
class ProfilesPageTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String AUTUMN = "name=autumn&thresholds.maxTemperature.0.%23=&thresholds.maxTemperature.0.key=greenhouse-1"
            + "&thresholds.maxTemperature.0.value=MAX&thresholds.mode=MAINTENANCE&thresholds.quietHours.0.%23="
            + "&thresholds.quietHours.0.from=22%3A00&thresholds.quietHours.0.to=06%3A00";

    @TempDir
    Path dir;

    static HttpResponse<String> get(GreenhouseSqlApp app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(GreenhouseSqlApp app, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(GreenhouseSqlApp app) throws Exception {
        HttpResponse<String> page = get(app, "/greenhouse/profiles");
        assertEquals(200, page.statusCode(), page.body());
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        return "&_csrf=" + m.group(1);
    }

    /** Follows a 303 and returns the flash it shows. */
    static String flashAfter(GreenhouseSqlApp app, HttpResponse<String> redirect) throws Exception {
        assertEquals(303, redirect.statusCode(), redirect.body());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/greenhouse/profiles?flash="), location);
        String page = get(app, location).body();
        Matcher m = Pattern.compile("data-flash[^>]*>(.*?)</", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), page);
        return m.group(1).replaceAll("<[^>]+>", "").replace("&#39;", "'").strip();
    }

    static String errorFor(String html, String name) {
        Matcher m = Pattern.compile("data-error-for=\"" + Pattern.quote(name) + "\">([^<]*)<").matcher(html);
        return m.find() ? m.group(1).replace("&#39;", "'") : null;
    }

    private static Optional<ThresholdProfile> stored(GreenhouseSqlApp app, String name) throws Exception {
        return new ProfileStore(Database.of(app.runtime.context())).find(name);
    }

    @Test
    void profilesAreListedSavedWithTheGeneratedFormAppliedAndDeleted() throws Exception {
        try (GreenhouseSqlApp app = new GreenhouseSqlApp(dir, false)) {
            HttpResponse<String> page = get(app, "/greenhouse/profiles");
            assertTrue(page.body().contains("<tr data-profile=\"night\">") && page.body().contains("<tr data-profile=\"summer\">"),
                    "the migration's seeds: " + page.body());
            assertTrue(page.body().contains("active\" href=\"/greenhouse/profiles\" aria-current=\"page\">Threshold profiles</a>"),
                    "in the nav, active");
            assertTrue(page.body().contains("name=\"thresholds.quietHours.__row0__.from\""), "the generated form");
            String csrf = csrf(app);

            HttpResponse<String> bad = post(app, "/greenhouse/profiles", AUTUMN.replace("MAX", "50") + csrf);
            assertEquals(422, bad.statusCode());
            assertEquals("must be between 10 and 45", errorFor(bad.body(), "thresholds.maxTemperature.0.value"));
            assertTrue(bad.body().contains("value=\"MAINTENANCE\" selected"), "the user's values are kept");
            assertEquals(Optional.empty(), stored(app, "autumn"), "nothing stored");

            HttpResponse<String> unknown = post(app, "/greenhouse/profiles", AUTUMN.replace("MAX", "28") + "&bogus=1" + csrf);
            assertEquals(422, unknown.statusCode());
            assertTrue(unknown.body().contains("data-form-error>unknown field &#39;bogus&#39;</div>"), unknown.body());
            assertEquals(403, post(app, "/greenhouse/profiles", AUTUMN.replace("MAX", "28")).statusCode(), "no CSRF field");
            assertEquals(Optional.empty(), stored(app, "autumn"));

            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles", AUTUMN.replace("MAX", "28.5") + csrf))
                    .startsWith("Created profile 'autumn'{&quot;maxTemperature&quot;:{&quot;greenhouse-1&quot;:28.5}"),
                    "the flash, with the thresholds' JSON");
            ThresholdProfile autumn = new ThresholdProfile("autumn", new SetThresholds(Map.of("greenhouse-1", 28.5),
                    Mode.MAINTENANCE, List.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0)))));
            assertEquals(Optional.of(autumn), stored(app, "autumn"));
            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles",
                    AUTUMN.replace("MAX", "29").replace("MAINTENANCE", "STRICT") + csrf)).startsWith("Saved profile 'autumn'"));
            assertEquals(Mode.STRICT, stored(app, "autumn").orElseThrow().thresholds().mode());

            String edit = get(app, "/greenhouse/profiles?edit=autumn").body();
            assertTrue(edit.contains("<h2 class=\"h5\" data-form-title>Edit autumn</h2>"), edit);
            assertTrue(edit.contains("name=\"thresholds.maxTemperature.0.value\" value=\"29.0\""), edit);
            assertTrue(edit.contains("name=\"name\" value=\"autumn\""), edit);

            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles/apply", "name=autumn" + csrf))
                    .startsWith("Applied profile 'autumn'"));
            SetThresholds applied = app.recorder.await(SetThresholds.class, s -> true, Duration.ofSeconds(5));
            assertEquals(stored(app, "autumn").orElseThrow().thresholds(), applied);
            Await.await("the alarm process to take the profile", () -> app.runtime.context().state()
                    .get(AlarmProcess.SETTINGS).map(s -> ((Map<?, ?>) s).get("mode")).filter("STRICT"::equals).isPresent(),
                    Duration.ofSeconds(5));
            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles/apply", "name=winter" + csrf))
                    .startsWith("No profile 'winter'"));

            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles/delete", "name=autumn" + csrf))
                    .startsWith("Deleted profile 'autumn'"));
            assertEquals(Optional.empty(), stored(app, "autumn"));
            assertTrue(flashAfter(app, post(app, "/greenhouse/profiles/delete", "name=autumn" + csrf))
                    .startsWith("No profile 'autumn'"));
            assertEquals(1, app.recorder.payloads(SetThresholds.class).size(), "only Apply emitted");
        }
    }

    @Test
    void eventsPerHourComeFromTheRecordersTable() throws Exception {
        try (GreenhouseSqlApp app = new GreenhouseSqlApp(dir, true)) {
            app.runtime.context().emit(SetThresholds.DEFAULT);
            Await.await("the recorder to commit", () -> {
                try {
                    return get(app, "/greenhouse/events-per-hour").body().contains("\"greenhouse:SetThresholds\":1");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, Duration.ofSeconds(10));
            HttpResponse<String> json = get(app, "/greenhouse/events-per-hour?hours=2");
            assertEquals(200, json.statusCode());
            assertEquals("application/json", json.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(json.body().startsWith("{\"database\":\"" + app.url + "\",\"table\":\"bussdcc_events\",\"recording\":true,"),
                    json.body());
            HttpResponse<String> zero = get(app, "/greenhouse/events-per-hour?hours=0");
            assertEquals(400, zero.statusCode());
            assertEquals("{\"error\":\"hours must be a whole number from 1 to 168, not '0'\"}", zero.body());
            assertEquals(400, get(app, "/greenhouse/events-per-hour?hours=x").statusCode());
        }
        try (GreenhouseSqlApp off = new GreenhouseSqlApp(dir.resolve("off"), false)) {
            String body = get(off, "/greenhouse/events-per-hour").body();
            assertTrue(body.contains("\"recording\":false,\"reason\":\"no table bussdcc_events in " + off.url
                    + ": the SQL recorder has not run here (sink.sql.enabled=true turns it on)\""), body);
            assertTrue(body.endsWith("\"hours\":[]}"), body);
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsA503NamingIt() throws Exception {
        // a folder is no database file
        String url = "jdbc:sqlite:" + java.nio.file.Files.createDirectories(dir.resolve("a-folder"));
        try (GreenhouseSqlApp app = new GreenhouseSqlApp(dir, url, false, false, r -> { })) {
            HttpResponse<String> page = get(app, "/greenhouse/profiles");
            assertEquals(503, page.statusCode());
            assertTrue(page.body().contains("data-db-error>The database cannot be used: "), page.body());
            HttpResponse<String> json = get(app, "/greenhouse/events-per-hour");
            assertEquals(503, json.statusCode());
            assertTrue(json.body().startsWith("{\"error\":\"the recorder's database cannot be read: "), json.body());
            assertEquals(200, get(app, "/api/health").statusCode(), "the server is fine");
        }
    }
}
