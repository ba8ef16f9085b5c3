package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Event;
import io.bussdcc.api.spi.SinkProvider;
import io.bussdcc.api.spi.SourceProvider;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

    @TempDir
    Path root;

    @Test
    void theModuleProvidesASinkAndASourceNamedJsonlOnBothPaths() throws IOException {
        // The module path: provides clauses (ServiceLoader would need 'uses' in this module).
        Map<String, List<String>> provides = new java.util.TreeMap<>();
        JsonlSink.class.getModule().getDescriptor().provides()
                .forEach(p -> provides.put(p.service(), p.providers()));
        assertEquals(Map.of(SinkProvider.class.getName(), List.of(JsonlSinkProvider.class.getName()),
                SourceProvider.class.getName(), List.of(JsonlSourceProvider.class.getName())), provides);
        // The class path: META-INF/services files.
        for (Map.Entry<String, List<String>> e : provides.entrySet()) {
            try (var in = JsonlSink.class.getModule().getResourceAsStream("META-INF/services/" + e.getKey())) {
                assertEquals(e.getValue().get(0), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .strip());
            }
        }
        assertEquals("jsonl", new JsonlSinkProvider().name());
        assertTrue(new JsonlSinkProvider().enabledByDefault());
        assertEquals("jsonl", new JsonlSourceProvider().name());
    }

    @Test
    void theSinkIsConfiguredFromItsSection() throws IOException {
        JsonlSink sink = (JsonlSink) new JsonlSinkProvider().create(Config.of(Map.of("dir", root.toString(),
                "interval", "1h", "durability", "fsync", "flush-interval", "1s", "types", "greenhouse.*, !x:Y")));
        assertEquals(root, sink.root());
        assertEquals(Duration.ofHours(1), sink.interval());
        assertEquals(Durability.fsyncEvery(Duration.ofSeconds(1)), sink.durability());
        sink.start(null);
        sink.handle(new Event<>(Instant.parse("2026-03-09T23:45:02Z"), new SensorReading("s", 1, 1, "C", null)));
        sink.stop();
        assertEquals(List.of("2026-03-09/23-00-00.jsonl"), Logs.segments(root));
    }

    @Test
    void theSinkDefaultsToEventsInTheWorkingDirectory() {
        JsonlSink sink = (JsonlSink) new JsonlSinkProvider().create(Config.empty());
        assertEquals(Path.of("./events"), sink.root());
        assertEquals(JsonlSink.DEFAULT_INTERVAL, sink.interval());
        assertEquals(Durability.defaultPolicy(), sink.durability());
        assertEquals(Durability.flushEachEvent(),
                ((JsonlSink) new JsonlSinkProvider().create(Config.of(Map.of("durability", "each-event")))).durability());
    }

    @Test
    void badSinkSettingsNameTheKey() {
        ConfigException durability = assertThrows(ConfigException.class,
                () -> new JsonlSinkProvider().create(Config.of(Map.of("durability", "sometimes"))));
        assertEquals("configuration key 'durability': 'sometimes' is not a durability policy: write each-event,"
                + " interval or fsync", durability.getMessage());
        ConfigException interval = assertThrows(ConfigException.class,
                () -> new JsonlSinkProvider().create(Config.of(Map.of("interval", "1500ms"))));
        assertTrue(interval.getMessage().startsWith("configuration key 'interval': a segment interval is a whole"),
                interval.getMessage());
    }

    @Test
    void theSourceReadsDirectoriesAndJsonlFiles() throws IOException {
        JsonlSourceProvider provider = new JsonlSourceProvider();
        Path file = Logs.write(root.resolve("a.jsonl"), "");
        Path other = Logs.write(root.resolve("a.txt"), "");
        assertTrue(provider.canRead(root.toString()));
        assertTrue(provider.canRead(file.toString()));
        assertFalse(provider.canRead(other.toString()));
        assertFalse(provider.canRead(root.resolve("missing").toString()));
        assertFalse(provider.canRead("\u0000"));
        JsonlSource source = assertInstanceOf(JsonlSource.class, provider.create(root.toString(),
                Config.of(Map.of("from", "2026-03-09T23:00:00Z", "to", "2026-03-10T00:00:00+00:00", "types", "a:*"))));
        assertEquals(root, source.location());
        assertTrue(source.toString().contains("from 2026-03-09T23:00:00Z, to 2026-03-10T00:00:00Z, types a:*"),
                source.toString());
    }

    @Test
    void badSourceSettingsNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new JsonlSourceProvider().create(root.toString(),
                Config.of(Map.of("from", "2026-03-09T23:00:00"))));
        assertTrue(e.getMessage().startsWith("configuration key 'from' is '2026-03-09T23:00:00': '2026-03-09T23:00:00'"
                + " has no UTC offset"), e.getMessage());
    }

    @Test
    void badSourceTypesAndLineLimitNameTheKey() {
        ConfigException types = assertThrows(ConfigException.class, () -> new JsonlSourceProvider().create(
                root.toString(), Config.of(Map.of("types", "a:*,!"))));
        assertTrue(types.getMessage().startsWith("configuration key 'types': '!' is not a type pattern: '!' must be"
                + " followed by a name or pattern"), types.getMessage());
        ConfigException limit = assertThrows(ConfigException.class, () -> new JsonlSourceProvider().create(
                root.toString(), Config.of(Map.of("max-line-length", "10"))));
        assertEquals("configuration key 'max-line-length': a line limit below 64 bytes leaves no room for an event: 10",
                limit.getMessage());
    }
}
