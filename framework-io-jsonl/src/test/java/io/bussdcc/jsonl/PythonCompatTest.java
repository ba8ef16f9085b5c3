package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.FrameworkShuttingDown;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.testing.SameEvent;
import io.bussdcc.jsonl.Greenhouse.Alarm;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log the Python original ({@code bussdcc-framework} 0.34) wrote — copied from the
 * project's {@code compat/} sample — read completely, mapped onto our types, and re-recorded.
 */
class PythonCompatTest {

    static final Path PYTHON_LOG = Path.of("src/test/resources/compat/python-0.34");

    @TempDir
    Path out;

    private static Logs.Read readPython(MessageTypeRegistry types) {
        return Logs.readAll(JsonlSource.builder(PYTHON_LOG).registry(types).build());
    }

    private static Map<String, Long> countByType(List<Event<?>> events, MessageTypeRegistry types) {
        return events.stream().collect(Collectors.groupingBy(e -> types.nameOf(e.payload()), TreeMap::new,
                Collectors.counting()));
    }

    @Test
    void everyOneOfThe622LinesReadsAsAnEvent() {
        MessageTypeRegistry types = Greenhouse.registry();
        Logs.Read read = readPython(types);
        assertEquals(List.of(), read.problems());
        assertEquals(622, read.events().size());
        assertEquals(622, read.counts().lines());
        assertEquals(4, read.counts().files());
        Map<String, Long> byType = countByType(read.events(), types);
        assertEquals(600L, byType.get("greenhouse.sensors:SensorReading"));
        assertEquals(3L, byType.get("greenhouse.sensors:Alarm"));
        assertEquals(7L, byType.get("bussdcc.message.process:ProcessError"));
        assertEquals(15, byType.size());
        read.events().forEach(e -> assertTrue(!(e.payload() instanceof RawMessage), e.toString()));
    }

    @Test
    void theOriginalsBuiltinTypeNamesAreOurBuiltinMessages() {
        List<Event<?>> events = readPython(Greenhouse.registry()).events();
        assertEquals(new Event<>(Instant.parse("2026-03-09T23:45:02.5Z"), new RuntimeBooting("0.0.0")), events.get(0));
        Event<?> last = events.get(events.size() - 1);
        assertEquals(Instant.parse("2026-03-10T00:10:55Z"), last.time());
        assertTrue(events.contains(new Event<>(Instant.parse("2026-03-10T00:10:50Z"),
                new DeviceOffline("thermo-1", "thermometer", null))));
        assertTrue(events.contains(new Event<>(Instant.parse("2026-03-10T00:10:42.5Z"),
                new FrameworkShuttingDown("0.0.0", "recording complete"))));
    }

    @Test
    void applicationTypesMapOntoRegisteredRecords() {
        List<Event<?>> events = readPython(Greenhouse.registry()).events();
        assertEquals(new SensorReading("sensor-00", 0, 0.0, "C", "calibrated"), events.get(6).payload());
        assertTrue(events.stream().anyMatch(e -> e.payload() instanceof SensorReading r
                && "\u00fcn\u00efc\u00f8d\u00e9 \u2713".equals(r.note())));
        Alarm alarm = (Alarm) events.stream().filter(e -> e.payload() instanceof Alarm).findFirst().orElseThrow().payload();
        assertEquals(new Alarm("sensor-05", 2, List.of("hot", "C")), alarm);
        assertEquals(Severity.WARNING, alarm.severity());
    }

    @Test
    void processErrorsKeepTheirTypelessEmbeddedEvent() throws Exception {
        EventCodec codec = new EventCodec(Greenhouse.registry());
        List<ProcessError> errors = readPython(Greenhouse.registry()).events().stream()
                .filter(e -> e.payload() instanceof ProcessError).map(e -> (ProcessError) e.payload()).toList();
        assertEquals(7, errors.size());
        for (ProcessError error : errors) {
            assertEquals("watch", error.process());
            RawMessage embedded = assertInstanceOf(RawMessage.class, error.evt().payload());
            assertNull(embedded.type(), "the original writes embedded events without a type");
            SensorReading reading = (SensorReading) codec.readMessage("greenhouse.sensors:SensorReading", embedded.data());
            assertEquals("ValueError('cannot handle seq " + reading.seq() + "')", error.error());
            assertTrue(error.traceback().startsWith("Traceback (most recent call last):\n"), error.traceback());
        }
    }

    @Test
    void reRecordingThroughAJsonlSinkGivesEqualEventsInTheSameSegments() throws IOException {
        MessageTypeRegistry types = Greenhouse.registry();
        List<Event<?>> original = readPython(types).events();
        JsonlSink sink = JsonlSink.builder(out).registry(types).build();
        sink.start(null);
        for (Event<?> e : original) {
            sink.handle(e);
        }
        sink.stop();
        assertEquals(Logs.segments(PYTHON_LOG), Logs.segments(out));
        Logs.Read again = Logs.readAll(JsonlSource.builder(out).registry(types).build());
        assertEquals(List.of(), again.problems());
        assertEquals(original, again.events());
    }

    @Test
    void reRecordedWithItsTypesFromPythonEveryLineKeepsTimeTypeAndJsonEqualData() throws IOException {
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().fromPython(SensorReading.class, Alarm.class);
        Logs.Read read = readPython(types);
        assertEquals(List.of(), read.problems());
        read.events().forEach(e -> assertTrue(!(e.payload() instanceof RawMessage), e.toString()));
        JsonlSink sink = JsonlSink.builder(out).registry(types).build();
        sink.start(null);
        for (Event<?> e : read.events()) {
            sink.handle(e);
        }
        sink.stop();
        int compared = 0;
        for (String segment : Logs.segments(PYTHON_LOG)) {
            List<String> original = Logs.lines(PYTHON_LOG.resolve(segment));
            List<String> again = Logs.lines(out.resolve(segment));
            assertEquals(original.size(), again.size(), segment);
            for (int i = 0; i < original.size(); i++) {
                SameEvent.assertSameEvent(original.get(i), again.get(i));
                compared++;
            }
        }
        assertEquals(622, compared);
    }

    @Test
    void withoutTheApplicationTypesNothingIsLostEither() throws IOException {
        Logs.Read read = readPython(MessageTypeRegistry.withBuiltins());
        assertEquals(622, read.events().size());
        assertEquals(Map.of("greenhouse.sensors:SensorReading", 600L, "greenhouse.sensors:Alarm", 3L),
                read.counts().unknownTypes());
        assertEquals(2, read.problems().size(), "one note per unknown type");
        // Re-recorded by a program that lacks the types, then read by one that has them: equal.
        JsonlSink sink = JsonlSink.builder(out).registry(MessageTypeRegistry.withBuiltins()).build();
        sink.start(null);
        for (Event<?> e : read.events()) {
            sink.handle(e);
        }
        sink.stop();
        assertEquals(readPython(Greenhouse.registry()).events(),
                Logs.readAll(JsonlSource.builder(out).registry(Greenhouse.registry()).build()).events());
    }

    /** An application that renamed its types reads the old names through aliases. */
    @MessageType("com.acme.greenhouse:Reading")
    public record Reading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @Test
    void aliasesMapOtherNamesOntoAnApplicationsRecords() throws IOException {
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().alias("greenhouse.sensors:SensorReading",
                Reading.class);
        Logs.Read read = readPython(types);
        long readings = read.events().stream().filter(e -> e.payload() instanceof Reading).count();
        assertEquals(600, readings);
        JsonlSink sink = JsonlSink.builder(out).registry(types).build();
        sink.start(null);
        sink.handle(read.events().get(6));
        sink.stop();
        assertTrue(Logs.lines(out.resolve("2026-03-09/23-40-00.jsonl")).get(0)
                .contains("\"type\":\"com.acme.greenhouse:Reading\""));
    }
}
