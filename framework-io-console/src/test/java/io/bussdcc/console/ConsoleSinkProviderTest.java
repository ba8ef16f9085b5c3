package io.bussdcc.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Severity;
import io.bussdcc.api.spi.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSinkProviderTest {

    @Test
    void isRegisteredForTheModulePathAndTheClassPath() throws IOException {
        var provides = ConsoleSink.class.getModule().getDescriptor().provides();
        assertEquals(1, provides.size());
        assertEquals(SinkProvider.class.getName(), provides.iterator().next().service());
        assertEquals(List.of(ConsoleSinkProvider.class.getName()), provides.iterator().next().providers());
        try (var in = ConsoleSink.class.getModule().getResourceAsStream("META-INF/services/" + SinkProvider.class.getName())) {
            assertEquals(ConsoleSinkProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void isNamedConsoleAndOffByDefault() {
        ConsoleSinkProvider p = new ConsoleSinkProvider();
        assertEquals("console", p.name());
        assertFalse(p.enabledByDefault());
    }

    @Test
    void readsFormatSeverityAndColour() {
        ConsoleSink sink = (ConsoleSink) new ConsoleSinkProvider().create(Config.of(Map.of("format", "human",
                "min-severity", "warning", "color", "always")));
        assertEquals(ConsoleSink.Format.HUMAN, sink.format());
        assertEquals(Severity.WARNING, sink.minSeverity());
        assertEquals(true, sink.colour());
        ConsoleSink defaults = (ConsoleSink) new ConsoleSinkProvider().create(Config.empty());
        assertEquals(ConsoleSink.Format.JSON, defaults.format());
        assertEquals(Severity.DEBUG, defaults.minSeverity());
    }

    @Test
    void badValuesNameTheKeyAndTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConsoleSinkProvider().create(Config.of(Map.of("min-severity", "loud"))));
        assertEquals("configuration key 'min-severity' is 'loud', which is not one of [debug, info, warning, error,"
                + " critical]", e.getMessage());
        ConfigException f = assertThrows(ConfigException.class,
                () -> new ConsoleSinkProvider().create(Config.of(Map.of("format", "xml"))));
        assertEquals("configuration key 'format' is 'xml', which is not one of [json, human]", f.getMessage());
    }
}
