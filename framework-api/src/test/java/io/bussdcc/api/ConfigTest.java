package io.bussdcc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void durationsReadTheWayHumansWriteThem() {
        assertEquals(Duration.ofMillis(500), Config.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(3), Config.parseDuration("3s"));
        assertEquals(Duration.ofMinutes(2), Config.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Config.parseDuration("1h"));
        assertEquals(Duration.ofDays(1), Config.parseDuration("1d"));
        assertEquals(Duration.ofMillis(1500), Config.parseDuration("1.5s"));
        assertEquals(Duration.ofSeconds(3), Config.parseDuration("PT3S"));
        assertEquals(Duration.ofSeconds(3), Config.parseDuration("pt3s"));
        assertEquals(Duration.ofNanos(250), Config.parseDuration(" 250ns "));
    }

    @Test
    void badDurationsNameTheText() {
        for (String bad : new String[] {"3", "three seconds", "3 parsecs", "PT", "-3s", "P-1D"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.parseDuration(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void typedValuesAndTheirErrors() {
        Config config = Config.of(Map.of("port", "5000", "on", "yes", "off", "0", "every", "250ms", "bad", "lots"));
        assertEquals(5000, config.getInt("port", 1));
        assertEquals(7, config.getInt("missing", 7));
        assertTrue(config.getBoolean("on", false));
        assertEquals(false, config.getBoolean("off", true));
        assertEquals(Duration.ofMillis(250), config.getDuration("every", Duration.ZERO));
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("bad", 1));
        assertEquals("configuration key 'bad' is 'lots', which is not an integer", e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> config.require("dir"));
        assertEquals("configuration key 'dir' is required but not set", missing.getMessage());
    }

    @Test
    void aSectionSeesTheKeysBelowItsPrefix() {
        Config config = Config.of(Map.of("sink.jsonl.dir", "/data", "sink.jsonl.interval", "60s", "sink.console.enabled", "true"));
        Config jsonl = config.section("sink.jsonl");
        assertEquals("/data", jsonl.get("dir", null));
        assertEquals(Set.of("dir", "interval"), jsonl.keys());
        assertEquals("configuration key 'sink.jsonl.dir'", jsonl.originOf("dir"));
        ConfigException e = assertThrows(ConfigException.class, () -> config.section("sink.console").getInt("enabled", 0));
        assertTrue(e.getMessage().startsWith("configuration key 'sink.console.enabled'"), e.getMessage());
    }
}
