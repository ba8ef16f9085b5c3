package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.examples.greenhouse.AlarmProcess;
import io.bussdcc.web.WebContext;
import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.ObjectWriteContext;

/**
 * The greenhouse on the dashboard: a route {@code GET /greenhouse/summary} answering
 * {@code {"thresholds": {...}, "sensors": {"<id>": {summary}}}} from state, and a widget that
 * shows each sensor's temperature live, with its alarm level and a chart of recent readings.
 */
public final class GreenhouseWebPlugin implements WebPlugin {

    // A plugin writes its own JSON with what it likes; this one uses Jackson's streaming API.
    private static final JsonFactory JSON = new JsonFactory();

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseWebPlugin() {}

    @Override
    public String name() {
        return "greenhouse";
    }

    @Override
    public void register(HttpRouting.Builder routing, WebContext web) {
        routing.get("/greenhouse/summary", (req, res) -> summary(web, res));
    }

    @Override
    public List<WebAsset> assets() {
        return List.of(asset("greenhouse-widget.js", "widget.js"), asset("greenhouse-widget.css", "widget.css"));
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
