package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.TypeFilter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of HOST:PORT, time bounds and type patterns. */
class ValueParsingTest {

    @Test
    void hostAndPort() throws Exception {
        assertEquals(new HostPort("127.0.0.1", 5000), HostPort.parse("127.0.0.1:5000"));
        assertEquals(new HostPort("0.0.0.0", 0), HostPort.parse("0.0.0.0:0"));
        assertEquals(new HostPort("::1", 8080), HostPort.parse("[::1]:8080"));
        assertEquals(new HostPort("localhost", 1), HostPort.parse("localhost:1"));
        for (String bad : new String[] {"5000", ":5000", "host:", "host:http", "host:-1", "host:65536", "::1:80", "[]:80"}) {
            assertThrows(UsageException.class, () -> HostPort.parse(bad), bad);
        }
        assertEquals("[::1]", HostPort.forUrl("::1"));
        assertEquals("127.0.0.1", HostPort.forUrl("127.0.0.1"));
    }

    @Test
    void timeBoundsAreIsoAndUtcWithoutAnOffset() throws Exception {
        Instant t = Instant.parse("2026-03-09T23:45:02.500Z");
        assertEquals(t, TimeBound.parse("--from", "2026-03-09T23:45:02.5Z"));
        assertEquals(t, TimeBound.parse("--from", "2026-03-10T00:45:02.5+01:00"));
        assertEquals(t, TimeBound.parse("--from", "2026-03-09T23:45:02.5"));
        assertEquals(Instant.parse("2026-03-09T00:00:00Z"), TimeBound.parse("--from", "2026-03-09"));
        UsageException e = assertThrows(UsageException.class, () -> TimeBound.parse("--to", "noon"));
        assertTrue(e.getMessage().startsWith("--to: 'noon' is not a time"), e.getMessage());
    }

    @Test
    void typePatternsAreTheSharedGrammarAndABadOneIsAUsageError() throws Exception {
        TypeFilter p = Recording.types(List.of("greenhouse:*", "!greenhouse:SensorReading", "*Alarm"));
        assertEquals(TypeFilter.of("greenhouse:*", "!greenhouse:SensorReading", "*Alarm"), p);
        assertTrue(p.accepts("other:Alarm"));
        assertSame(TypeFilter.ALL, Recording.types(List.of()));
        UsageException e = assertThrows(UsageException.class, () -> Recording.types(List.of("!")));
        assertTrue(e.getMessage().startsWith("--type: '!' is not a type pattern"), e.getMessage());
        assertThrows(UsageException.class, () -> Recording.types(List.of("a,b")));
    }
}
