package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

    @TempDir
    Path dir;

    private LayeredConfig config(Map<String, String> overrides, Properties props, Map<String, String> env, Path file) {
        return LayeredConfig.builder().overrides(overrides).systemProperties(props).environment(env).file(file).build();
    }

    @Test
    void overridesBeatPropertiesBeatEnvironmentBeatTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bussdcc.properties"),
                "a=file\nb=file\nc=file\nd=file\n# a comment\nsink.jsonl.fsync-interval = 2s\n");
        Properties props = new Properties();
        props.setProperty("bussdcc.a", "property");
        props.setProperty("bussdcc.b", "property");
        props.setProperty("unrelated", "x");
        Map<String, String> env = Map.of("BUSSDCC_A", "env", "BUSSDCC_B", "env", "BUSSDCC_C", "env", "PATH", "/bin");
        LayeredConfig config = config(Map.of("a", "override"), props, env, file);
        assertEquals("override", config.get("a").orElseThrow());
        assertEquals("property", config.get("b").orElseThrow());
        assertEquals("env", config.get("c").orElseThrow());
        assertEquals("file", config.get("d").orElseThrow());
        assertEquals(Duration.ofSeconds(2), config.getDuration("sink.jsonl.fsync-interval", Duration.ZERO));
        assertTrue(config.get("unrelated").isEmpty());
        assertTrue(config.get("path").isEmpty());
    }

    @Test
    void environmentNamesMapOntoDottedKeys() {
        LayeredConfig config = LayeredConfig.builder()
                .environment(Map.of("BUSSDCC_SINK_JSONL_DIR", "/data", "BUSSDCC_SINK_JSONL_FSYNC__INTERVAL", "1s")).build();
        assertEquals("/data", config.get("sink.jsonl.dir").orElseThrow());
        assertEquals("1s", config.get("sink.jsonl.fsync-interval").orElseThrow());
        assertEquals("BUSSDCC_SINK_JSONL_FSYNC__INTERVAL", LayeredConfig.variableOf("sink.jsonl.fsync-interval"));
    }

    @Test
    void errorsNameWhereTheValueCameFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "web.port=lots\n");
        LayeredConfig config = LayeredConfig.builder()
                .environment(Map.of("BUSSDCC_SINK_JSONL_INTERVAL", "ten")).file(file).build();
        ConfigException env = assertThrows(ConfigException.class,
                () -> config.getDuration("sink.jsonl.interval", Duration.ZERO));
        assertTrue(env.getMessage().startsWith("environment variable BUSSDCC_SINK_JSONL_INTERVAL is 'ten'"),
                env.getMessage());
        ConfigException fromFile = assertThrows(ConfigException.class, () -> config.getInt("web.port", 0));
        assertTrue(fromFile.getMessage().contains("configuration file " + file), fromFile.getMessage());
        ConfigException section = assertThrows(ConfigException.class,
                () -> config.section("sink.jsonl").getDuration("interval", Duration.ZERO));
        assertTrue(section.getMessage().contains("BUSSDCC_SINK_JSONL_INTERVAL"), section.getMessage());
    }

    @Test
    void anUnreadableFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> LayeredConfig.builder().file(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
