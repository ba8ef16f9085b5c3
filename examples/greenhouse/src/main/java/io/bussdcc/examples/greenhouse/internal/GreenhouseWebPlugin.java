package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.examples.greenhouse.AlarmProcess;
import io.bussdcc.examples.greenhouse.SensorReading;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.web.WebContext;
import io.bussdcc.web.form.Form;
import io.bussdcc.web.form.OptionSource;
import io.bussdcc.web.page.AppInfo;
import io.bussdcc.web.page.Html;
import io.bussdcc.web.page.Layout;
import io.bussdcc.web.page.NavEntry;
import io.bussdcc.web.page.Page;
import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebChannel;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.ObjectWriteContext;

/**
 * The greenhouse on the dashboard: a route {@code GET /greenhouse/summary} answering
 * {@code {"thresholds": {...}, "sensors": {"<id>": {summary}}}} from state, and a widget that
 * shows each sensor's temperature live, with its alarm level and a chart of recent readings.
 * Two pages of its own in the shared layout: {@code /greenhouse/settings} (the generated form
 * of {@link SetThresholds}, posted through the command panel) and {@code /greenhouse/chart}
 * (a Chart.js chart of the last readings from {@code GET /greenhouse/readings}, then live ones
 * from its own channel {@code /plugins/greenhouse/ws/readings}).
 */
public final class GreenhouseWebPlugin implements WebPlugin {

    /** The readings kept per sensor for the chart. */
    static final int KEPT_READINGS = 300;

    private final Map<String, Deque<Point>> readings = new LinkedHashMap<>();
    private final List<WebChannel.Session> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<SetThresholds> settings = new AtomicReference<>(SetThresholds.DEFAULT);
    private final Form<SetThresholds> form = Form.of(SetThresholds.class);

    private record Point(Instant time, double value) {}
    // A plugin writes its own JSON with what it likes; this one uses Jackson's streaming API.
    private static final JsonFactory JSON = new JsonFactory();

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseWebPlugin() {}

    @Override
    public void register(HttpRouting.Builder routing, WebContext web) {
        routing.get("/greenhouse/summary", (req, res) -> summary(web, res));
        routing.get("/greenhouse/readings", (req, res) -> readings(res));
        routing.get("/greenhouse/settings", (req, res) -> settingsPage(web, req, res));
        routing.get("/greenhouse/chart", (req, res) -> chartPage(req, res));
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("Greenhouse settings", "/greenhouse/settings"), new NavEntry("Readings", "/greenhouse/chart"));
    }

    @Override
    public Set<Class<? extends Message>> eventTypes() {
        return Set.of(SensorReading.class, SetThresholds.class);
    }

    @Override
    public void handleEvent(WebContext web, Event<?> event) {
        switch (event.payload()) {
            case SetThresholds s -> settings.set(s);
            case SensorReading r -> {
                synchronized (readings) {
                    Deque<Point> kept = readings.computeIfAbsent(r.sensor(), k -> new ArrayDeque<>());
                    kept.addLast(new Point(event.time(), r.value()));
                    if (kept.size() > KEPT_READINGS) {
                        kept.removeFirst();
                    }
                }
                String json = "{\"sensor\":" + quote(r.sensor()) + ",\"t\":\"" + event.time() + "\",\"v\":" + r.value() + "}";
                listeners.forEach(l -> l.send(json));
            }
            default -> { }
        }
    }

    @Override
    public String name() {
        return "greenhouse";
    }

    @Override
    public List<WebChannel> channels() {
        return List.of(new ReadingsChannel());
    }

    /** {@code /plugins/greenhouse/ws/readings}: every reading as it comes; its clients only listen. */
    private final class ReadingsChannel implements WebChannel {
        @Override
        public String name() {
            return "readings";
        }

        @Override
        public void onOpen(Session session) {
            listeners.add(session);
        }

        @Override
        public void onMessage(Session session, String text) {
            session.send("{\"error\":\"the readings channel only sends\"}");
        }

        @Override
        public void onClose(Session session) {
            listeners.remove(session);
        }
    }

    private void readings(ServerResponse res) {
        StringBuilder b = new StringBuilder("{\"sensors\":{");
        synchronized (readings) {
            boolean firstSensor = true;
            for (Map.Entry<String, Deque<Point>> e : readings.entrySet()) {
                b.append(firstSensor ? "" : ",").append(quote(e.getKey())).append(":[");
                firstSensor = false;
                boolean first = true;
                for (Point p : e.getValue()) {
                    b.append(first ? "" : ",").append("{\"t\":\"").append(p.time()).append("\",\"v\":").append(p.value()).append('}');
                    first = false;
                }
                b.append(']');
            }
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(b.append("}}").toString());
    }

    private void settingsPage(WebContext web, ServerRequest req, ServerResponse res) {
        SetThresholds now = settings.get();
        List<GreenhousePages.Maximum> maxima = new ArrayList<>();
        now.maxTemperature().forEach((sensor, max) -> maxima.add(new GreenhousePages.Maximum(sensor, String.valueOf(max))));
        Layout layout = Layout.of(req);
        String inputs = form.render(form.values(now), Map.of(), OptionSource.standard(web.context()));
        GreenhousePages.Settings view = new GreenhousePages.Settings(now.mode().name(), maxima,
                now.quietHours().stream().map(SetThresholds.QuietHours::toString).toList(), layout.csrfField(), inputs);
        String html = new SettingsRenderer(Html.FORMATTER, Html.ESCAPER).execute(view);
        layout.send(req, res, Page.of("Greenhouse settings", html).withApp(AppInfo.ofModule(GreenhouseWebPlugin.class)));
    }

    private void chartPage(ServerRequest req, ServerResponse res) {
        int sensors;
        synchronized (readings) {
            sensors = readings.size();
        }
        String html = new ChartRenderer(Html.FORMATTER, Html.ESCAPER).execute(new GreenhousePages.Chart(sensors));
        Layout.of(req).send(req, res, Page.of("Readings", html)
                .withScripts("/assets/vendor/luxon.min.js", "/assets/vendor/chart.umd.min.js",
                        "/assets/vendor/chartjs-adapter-luxon.umd.min.js", "/plugins/greenhouse/chart.js")
                .withApp(AppInfo.ofModule(GreenhouseWebPlugin.class)));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public List<WebAsset> assets() {
        return List.of(asset("greenhouse-widget.js", "widget.js"), asset("greenhouse-widget.css", "widget.css"),
                asset("greenhouse-chart.js", "chart.js"));
    }

    /** Reads a resource here, in this module, so its package need not be opened to the web module. */
    private static WebAsset asset(String resource, String path) {
        try (InputStream in = GreenhouseWebPlugin.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the greenhouse module");
            }
            return new WebAsset(path, WebAsset.contentTypeOf(path), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public List<Widget> widgets() {
        return List.of(new Widget("greenhouse", "Greenhouse", "widget.js"));
    }

    private static void summary(WebContext web, ServerResponse res) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeName("thresholds");
            write(g, web.state().get(AlarmProcess.THRESHOLDS).orElse(Map.of()));
            g.writeName("sensors");
            write(g, web.state().get(AlarmProcess.SUMMARY).orElse(Map.of()));
            g.writeEndObject();
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(out.toByteArray());
    }

    /** Writes what the summaries hold: maps, numbers, strings, booleans. */
    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Long n -> g.writeNumber(n);
            case Integer n -> g.writeNumber(n);
            case Double d -> g.writeNumber(d);
            case Number n -> g.writeNumber(n.doubleValue());
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(String.valueOf(value));
        }
    }
}
