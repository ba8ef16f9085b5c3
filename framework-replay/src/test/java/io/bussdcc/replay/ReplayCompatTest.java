package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.testing.SameEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log the Python original ({@code bussdcc-framework} 0.34) recorded — a copy of the
 * project's {@code compat/python-0.34} sample — replays completely and re-records to a log with
 * equal events, with the application's types registered and without them.
 */
class ReplayCompatTest {

    static final Path PYTHON_LOG = Path.of("src/test/resources/compat/python-0.34");
    static final int LINES = 622;

    @MessageType("greenhouse.sensors:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("greenhouse.sensors:Alarm")
    public record Alarm(String sensor, int level, List<String> tags) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    /** The recording application's process, again: raises on some readings, alarms on high ones. */
    static final class Watch implements Process {
        @Override
        public String name() {
            return "watch";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            if (event.payload() instanceof SensorReading r) {
                if (r.seq() % 97 == 13) {
                    throw new IllegalArgumentException("cannot handle seq " + r.seq());
                }
                if (r.value() >= 99) {
                    ctx.emit(new Alarm(r.sensor(), 2, List.of("hot", r.unit())));
                }
            }
        }
    }

    @TempDir
    Path dir;

    static MessageTypeRegistry withApplicationTypes() {
        return MessageTypeRegistry.withBuiltins().register(SensorReading.class).register(Alarm.class);
    }

    record Read(List<Event<?>> events, List<SourceProblem> problems) {}

    static Read read(Path log, MessageTypeRegistry types) throws Exception {
        List<Event<?>> events = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        try (Stream<Event<?>> stream = JsonlSource.builder(log).registry(types).build().open(problems::add)) {
            stream.forEach(events::add);
        }
        return new Read(events, problems);
    }

    static ReplayRuntime replay(Path from, Path to, MessageTypeRegistry types) {
        return ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(types)
                .addSource(JsonlSource.builder(from).registry(types).build())
                .addSink(JsonlSink.builder(to).registry(types).build())
                .build();
    }

    static List<String> segments(Path log) throws Exception {
        try (Stream<Path> files = Files.walk(log)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).map(f -> log.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void withTheApplicationTypesEveryEventReplaysAndReRecordsEqual() throws Exception {
        MessageTypeRegistry types = withApplicationTypes();
        Path out = dir.resolve("replayed");
        ReplayRuntime replay = replay(PYTHON_LOG, out, types);
        replay.addProcess(new Watch());

        ReplayProgress done = replay.run();

        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(List.of(), replay.problems());
        assertEquals(LINES, done.eventsRead());
        assertEquals(LINES, done.eventsReplayed());
        Read input = read(PYTHON_LOG, types);
        Read output = read(out, types);
        assertEquals(List.of(), output.problems());
        assertEquals(LINES, input.events().size());
        assertEquals(input.events(), output.events());
        assertTrue(output.events().stream().noneMatch(e -> e.payload() instanceof RawMessage));
        assertEquals(segments(PYTHON_LOG), segments(out));

        // The process ran again: its alarms were suppressed (recorded copies kept, not doubled)...
        assertEquals(3, done.suppressed());
        assertEquals(3, output.events().stream().filter(e -> e.payload() instanceof Alarm).count());
        // ...and its failures are the replay run's, reported, not written over the recorded ones.
        assertEquals(7, output.events().stream().filter(e -> e.payload() instanceof ProcessError).count());
        List<Long> failedSeqs = replay.failures().stream()
                .map(e -> ((SensorReading) ((ProcessError) e.payload()).evt().payload()).seq()).toList();
        assertEquals(List.of(13L, 110L, 207L, 304L, 401L, 498L, 595L), failedSeqs);
    }

    @Test
    void replayedWithItsTypesFromPythonEveryLineKeepsTimeTypeAndJsonEqualData() throws Exception {
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().fromPython(SensorReading.class, Alarm.class);
        Path out = dir.resolve("replayed-typed");
        ReplayRuntime replay = replay(PYTHON_LOG, out, types);
        ReplayProgress done = replay.run();
        assertEquals(List.of(), replay.problems());
        assertEquals(LINES, done.eventsReplayed());
        assertTrue(read(out, types).events().stream().noneMatch(e -> e.payload() instanceof RawMessage));
        assertEquals(segments(PYTHON_LOG), segments(out));
        int compared = 0;
        for (String segment : segments(PYTHON_LOG)) {
            List<String> original = Files.readAllLines(PYTHON_LOG.resolve(segment));
            List<String> again = Files.readAllLines(out.resolve(segment));
            assertEquals(original.size(), again.size(), segment);
            for (int i = 0; i < original.size(); i++) {
                SameEvent.assertSameEvent(original.get(i), again.get(i));
                compared++;
            }
        }
        assertEquals(LINES, compared);
    }

    @Test
    void withoutThemEveryEventReplaysAsARawMessageAndReRecordsEqual() throws Exception {
        MessageTypeRegistry builtinsOnly = MessageTypeRegistry.withBuiltins();
        Path out = dir.resolve("replayed-raw");
        ReplayRuntime replay = replay(PYTHON_LOG, out, builtinsOnly);

        ReplayProgress done = replay.run();

        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(LINES, done.eventsReplayed());
        // Only notes: the first record of each unknown type, delivered as a raw message.
        assertEquals(2, replay.problems().size());
        replay.problems().forEach(p -> assertTrue(LogStore.isNote(p.toString()), p.toString()));
        Read input = read(PYTHON_LOG, builtinsOnly);
        Read output = read(out, builtinsOnly);
        assertEquals(input.events(), output.events());
        assertEquals(603, output.events().stream().filter(e -> e.payload() instanceof RawMessage).count());
        assertEquals(segments(PYTHON_LOG), segments(out));
        // Read back by a program that knows the types, the raw re-recording is the original.
        assertEquals(read(PYTHON_LOG, withApplicationTypes()).events(), read(out, withApplicationTypes()).events());
    }

    @Test
    void replayingTheReplayedLogGivesTheSameBytes() throws Exception {
        for (MessageTypeRegistry types : List.of(withApplicationTypes(), MessageTypeRegistry.withBuiltins())) {
            Path once = Files.createTempDirectory(dir, "once");
            Path twice = Files.createTempDirectory(dir, "twice");
            replay(PYTHON_LOG, once, types).run();
            replay(once, twice, types).run();
            List<String> segments = segments(once);
            assertEquals(segments, segments(twice));
            assertFalse(segments.isEmpty());
            for (String segment : segments) {
                assertEquals(Files.readString(once.resolve(segment)), Files.readString(twice.resolve(segment)), segment);
            }
        }
    }

    @Test
    void aReplayRefusesToWriteIntoTheLogItReads() throws Exception {
        Path events = dir.resolve("events");
        Files.createDirectories(events);
        MessageTypeRegistry types = withApplicationTypes();
        ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(types)
                .addSource(JsonlSource.builder(events).registry(types).build()).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> replay.addSink(JsonlSink.builder(events).build()));
        assertTrue(e.getMessage().contains(events.toString()), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> replay.addSink(JsonlSink.builder(events.resolve("2026-03-09")).build()));
        assertInstanceOf(ReplayRuntime.class, replay.addSink(JsonlSink.builder(dir.resolve("elsewhere")).build()));
    }
}
