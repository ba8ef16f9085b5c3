package io.bussdcc.examples.greenhouse.sql.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.sql.EventsPerHour;
import io.bussdcc.examples.greenhouse.sql.ProfileStore;
import io.bussdcc.examples.greenhouse.sql.ThresholdProfile;
import io.bussdcc.sql.Database;
import io.bussdcc.sql.Migrations;
import io.bussdcc.web.WebContext;
import io.bussdcc.web.form.Form;
import io.bussdcc.web.form.FormData;
import io.bussdcc.web.form.FormException;
import io.bussdcc.web.form.OptionSource;
import io.bussdcc.web.page.AppInfo;
import io.bussdcc.web.page.Flash;
import io.bussdcc.web.page.Html;
import io.bussdcc.web.page.Layout;
import io.bussdcc.web.page.NavEntry;
import io.bussdcc.web.page.Page;
import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The greenhouse's database half on the web. {@code /greenhouse/profiles}: the stored
 * {@link ThresholdProfile}s, each with Apply (emits its {@link SetThresholds}) and Delete, and
 * the form generated from {@code ThresholdProfile} to save one; posts are checked with
 * {@link WebContext#acceptFormPost}. {@code GET /greenhouse/events-per-hour?hours=N} (1 to 168,
 * default 24) answers the SQL recorder's counts per hour and type as JSON, which the dashboard
 * widget "Events per hour" draws. See {@code docs/sql.md}, "The greenhouse example".
 */
public final class GreenhouseSqlWebPlugin implements WebPlugin {

    /** The most hours the events-per-hour route answers. */
    static final int MAX_HOURS = 168;

    private static final JsonFactory JSON = new JsonFactory();
    private final Form<ThresholdProfile> form = Form.of(ThresholdProfile.class).maxRows(100);

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseSqlWebPlugin() {}

    @Override
    public String name() {
        return "greenhouse-sql";
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("Threshold profiles", "/greenhouse/profiles"));
    }

    @Override
    public List<WebAsset> assets() {
        return List.of(asset("events-widget.js", "events.js"));
    }

    @Override
    public List<Widget> widgets() {
        return List.of(new Widget("greenhouse-events", "Events per hour", "events.js"));
    }

    @Override
    public void register(HttpRouting.Builder routing, WebContext web) {
        routing.get("/greenhouse/profiles", (req, res) -> {
            String edit = req.query().first("edit").orElse(null);
            // a new profile starts from the defaults, without a name
            FormData values = form.values(new ThresholdProfile("new", SetThresholds.DEFAULT)).without("name");
            String title = "New profile";
            if (edit != null) {
                try {
                    Optional<ThresholdProfile> p = store(web).find(edit);
                    if (p.isPresent()) {
                        values = form.values(p.get());
                        title = "Edit " + edit;
                    }
                } catch (SQLException | RuntimeException e) {
                    unavailable(web, req, res, e);
                    return;
                }
            }
            page(web, req, res, Status.OK_200, title, values, Map.of());
        });
        routing.post("/greenhouse/profiles", (req, res) -> save(web, req, res));
        routing.post("/greenhouse/profiles/apply", (req, res) -> apply(web, req, res));
        routing.post("/greenhouse/profiles/delete", (req, res) -> delete(web, req, res));
        routing.get("/greenhouse/events-per-hour", (req, res) -> eventsPerHour(web, req, res));
    }

    private void save(WebContext web, ServerRequest req, ServerResponse res) {
        Optional<FormData> posted = web.acceptFormPost(req, res);
        if (posted.isEmpty()) {
            return;
        }
        FormData data = posted.get();
        switch (form.decode(data, web.codec(), OptionSource.standard(web.context()))) {
            case Form.Invalid<ThresholdProfile> bad ->
                    page(web, req, res, Status.UNPROCESSABLE_CONTENT_422, "Fix the profile", data, bad.errors());
            case Form.Valid<ThresholdProfile> ok -> {
                ThresholdProfile p = ok.message();
                boolean created;
                try {
                    created = store(web).save(p);
                } catch (SQLException | RuntimeException e) {
                    unavailable(web, req, res, e);
                    return;
                }
                Layout.of(req).redirect(res, "/greenhouse/profiles", new Flash(Flash.Level.SUCCESS,
                        (created ? "Created" : "Saved") + " profile '" + p.name() + "'", web.codec().dataToJson(p.thresholds())));
            }
        }
    }

    private void apply(WebContext web, ServerRequest req, ServerResponse res) {
        Optional<FormData> posted = web.acceptFormPost(req, res);
        if (posted.isEmpty()) {
            return;
        }
        String name = posted.get().first("name");
        Optional<ThresholdProfile> p;
        try {
            p = name == null ? Optional.empty() : store(web).find(name);
        } catch (SQLException | RuntimeException e) {
            unavailable(web, req, res, e);
            return;
        }
        if (p.isEmpty()) {
            Layout.of(req).redirect(res, "/greenhouse/profiles", Flash.of(Flash.Level.WARNING, "No profile '" + name + "'"));
            return;
        }
        web.emit(p.get().thresholds());
        Layout.of(req).redirect(res, "/greenhouse/profiles", new Flash(Flash.Level.SUCCESS,
                "Applied profile '" + name + "'", web.codec().dataToJson(p.get().thresholds())));
    }

    private void delete(WebContext web, ServerRequest req, ServerResponse res) {
        Optional<FormData> posted = web.acceptFormPost(req, res);
        if (posted.isEmpty()) {
            return;
        }
        String name = posted.get().first("name");
        boolean deleted;
        try {
            deleted = name != null && store(web).delete(name);
        } catch (SQLException | RuntimeException e) {
            unavailable(web, req, res, e);
            return;
        }
        Layout.of(req).redirect(res, "/greenhouse/profiles", deleted
                ? Flash.of(Flash.Level.SUCCESS, "Deleted profile '" + name + "'")
                : Flash.of(Flash.Level.WARNING, "No profile '" + name + "'"));
    }

    private void page(WebContext web, ServerRequest req, ServerResponse res, Status status, String title, FormData values,
                      Map<String, String> errors) {
        Layout layout = Layout.of(req);
        String token = web.tokenRequired()
                ? "<input type=\"password\" class=\"form-control form-control-sm d-inline-block w-auto\" name=\"_token\" "
                        + "placeholder=\"token\" autocomplete=\"current-password\" required>"
                : "";
        List<ProfilesPage.Row> rows = new ArrayList<>();
        String unavailable = null;
        try {
            for (ThresholdProfile p : store(web).list()) {
                rows.add(row(p));
            }
        } catch (SQLException | RuntimeException e) {
            unavailable = "The database cannot be used: " + reason(e);
            status = status == Status.OK_200 ? Status.SERVICE_UNAVAILABLE_503 : status;
        }
        String inputs;
        try {
            inputs = form.render(values, errors, OptionSource.standard(web.context()));
        } catch (FormException e) {
            inputs = "<p class=\"alert alert-danger\">" + Html.escape(e.getMessage()) + "</p>";
        }
        String html = new ProfilesPageRenderer(Html.FORMATTER, Html.ESCAPER).execute(
                new ProfilesPage(rows, unavailable, layout.csrfField(), token, title, inputs));
        layout.send(req, res, status, Page.of("Threshold profiles", html).withApp(AppInfo.ofModule(GreenhouseSqlWebPlugin.class)));
    }

    private static ProfilesPage.Row row(ThresholdProfile p) {
        SetThresholds t = p.thresholds();
        String maxima = t.maxTemperature().isEmpty() ? "defaults" : new java.util.TreeMap<>(t.maxTemperature()).entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue() + " °C").collect(Collectors.joining(", "));
        String quiet = t.quietHours().isEmpty() ? "none"
                : t.quietHours().stream().map(SetThresholds.QuietHours::toString).collect(Collectors.joining(", "));
        return new ProfilesPage.Row(p.name(), "/greenhouse/profiles?edit=" + URLEncoder.encode(p.name(), StandardCharsets.UTF_8),
                t.mode().name(), maxima, quiet);
    }

    private void unavailable(WebContext web, ServerRequest req, ServerResponse res, Exception e) {
        Layout.of(req).send(req, res, Status.SERVICE_UNAVAILABLE_503, Page.of("Threshold profiles",
                "<div class=\"alert alert-danger\" data-db-error>The database cannot be used: " + Html.escape(reason(e))
                        + "</div>").withApp(AppInfo.ofModule(GreenhouseSqlWebPlugin.class)));
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    private static ProfileStore store(WebContext web) {
        return new ProfileStore(Database.of(web.context()));
    }

    // ---- events per hour ------------------------------------------------------------------

    private void eventsPerHour(WebContext web, ServerRequest req, ServerResponse res) throws IOException {
        int hours;
        String given = req.query().first("hours").orElse("24");
        try {
            hours = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            hours = -1;
        }
        if (hours < 1 || hours > MAX_HOURS) {
            res.status(Status.BAD_REQUEST_400);
            json(res, g -> {
                g.writeStringProperty("error", "hours must be a whole number from 1 to " + MAX_HOURS + ", not '" + given + "'");
            });
            return;
        }
        Config config = web.context().config();
        EventsPerHour query;
        try {
            query = new EventsPerHour(config.get("sink.sql.table", EventsPerHour.DEFAULT_TABLE));
        } catch (IllegalArgumentException e) {
            res.status(Status.INTERNAL_SERVER_ERROR_500);
            json(res, g -> g.writeStringProperty("error", config.originOf("sink.sql.table") + ": " + e.getMessage()));
            return;
        }
        Instant now = web.context().clock().now();
        Instant since = now.minus(Duration.ofHours(hours - 1L));
        Optional<List<EventsPerHour.Hour>> counts;
        String url;
        try {
            Recorder recorder = recorder(web.context());
            url = recorder.url();
            counts = query.since(recorder.source(), since);
        } catch (SQLException | RuntimeException e) {
            res.status(Status.SERVICE_UNAVAILABLE_503);
            json(res, g -> g.writeStringProperty("error", "the recorder's database cannot be read: " + reason(e)));
            return;
        }
        String database = url;
        json(res, g -> {
            g.writeStringProperty("database", database);
            g.writeStringProperty("table", query.table());
            g.writeBooleanProperty("recording", counts.isPresent());
            if (counts.isEmpty()) {
                g.writeStringProperty("reason", "no table " + query.table() + " in " + database
                        + ": the SQL recorder has not run here (sink.sql.enabled=true turns it on)");
            }
            g.writeStringProperty("from", Instant.ofEpochSecond(Math.floorDiv(since.getEpochSecond(), 3600) * 3600).toString());
            g.writeStringProperty("now", now.toString());
            g.writeName("hours");
            g.writeStartArray();
            for (EventsPerHour.Hour h : counts.orElse(List.of())) {
                g.writeStartObject();
                g.writeStringProperty("start", h.start().toString());
                g.writeNumberProperty("total", h.total());
                g.writeName("counts");
                g.writeStartObject();
                for (Map.Entry<String, Long> e : h.counts().entrySet()) {
                    g.writeNumberProperty(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void json(ServerResponse res, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(out.toByteArray());
    }

    /** Where the recorder writes: its own {@code sink.sql.url}, else the application's database. */
    private record Recorder(String url, DataSource source) {}

    /** A recorder database other than the application's, opened once and closed with the runtime. */
    private record OwnRecorderDatabase(Database db) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    private static Recorder recorder(Context ctx) throws SQLException {
        Config config = ctx.config();
        Optional<String> own = config.get("sink.sql.url");
        if (own.isEmpty() || own.equals(config.get("sql.url"))) {
            Database db = Database.of(ctx);
            return new Recorder(db.url(), db.dataSource());
        }
        OwnRecorderDatabase r;
        try {
            r = ctx.shared(OwnRecorderDatabase.class, c -> {
                try {
                    // the URL carries user and password if it needs them, as the sink's does
                    return new OwnRecorderDatabase(Database.open(own.get(), Migrations.none()));
                } catch (SQLException e) {
                    throw new UncheckedIOException(new IOException(e.getMessage(), e));
                }
            });
        } catch (UncheckedIOException e) {
            throw new SQLException(e.getCause().getMessage(), e);
        }
        return new Recorder(r.db().url(), r.db().dataSource());
    }

    /** Reads a resource of this module, so its package need not be opened to the web module. */
    private static WebAsset asset(String resource, String path) {
        try (InputStream in = GreenhouseSqlWebPlugin.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the greenhouse-sql module");
            }
            return new WebAsset(path, WebAsset.contentTypeOf(path), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
