package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log folders someone else has been into: links, unreadable folders, a writer nesting inside another's log. */
class HostileFoldersTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:01Z");

    @TempDir
    Path dir;

    private Path victim() throws IOException {
        return Files.writeString(dir.resolve("victim.txt"), "precious\n");
    }

    private static Event<?> event(Instant t) {
        return new Event<>(t, new RawMessage("a:B", "{}"));
    }

    private static JsonlSink sink(Path root) {
        return JsonlSink.builder(root).registry(Greenhouse.registry()).build();
    }

    @Test
    void aLockFileThatIsALinkIsRefusedAndItsTargetUntouched() throws IOException {
        Path victim = victim();
        Path root = Files.createDirectories(dir.resolve("events"));
        Files.createSymbolicLink(root.resolve(".lock"), Path.of("../victim.txt"));
        IOException e = assertThrows(IOException.class, () -> sink(root).start(null));
        assertTrue(e.getMessage().contains(".lock") && e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aSegmentThatIsALinkIsRefusedAndItsTargetUntouched() throws IOException {
        Path victim = victim();
        Path root = Files.createDirectories(dir.resolve("events"));
        Path day = Files.createDirectories(root.resolve("2026-12-01"));
        Files.createSymbolicLink(day.resolve("00-00-00.jsonl"), Path.of("../../victim.txt"));
        JsonlSink sink = sink(root);
        sink.start(null);
        try {
            IOException e = assertThrows(IOException.class, () -> sink.handle(event(T)));
            assertTrue(e.getMessage().contains("00-00-00.jsonl") && e.getMessage().contains("symbolic link"), e.getMessage());
        } finally {
            // The refused writes are an outage of the sink (docs/jsonl-log.md): what could not be
            // written is counted lost, and the stop says so, naming the refusal.
            IOException lost = assertThrows(IOException.class, sink::stop);
            assertTrue(lost.getMessage().contains("symbolic link") && lost.getMessage().contains("lost"),
                    lost.getMessage());
        }
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aDanglingSegmentLinkCreatesNothingAtItsTarget() throws IOException {
        Path root = Files.createDirectories(dir.resolve("events"));
        Path day = Files.createDirectories(root.resolve("2026-12-01"));
        Files.createSymbolicLink(day.resolve("00-00-00.jsonl"), dir.resolve("planted.txt"));
        JsonlSink sink = sink(root);
        sink.start(null);
        try {
            assertThrows(IOException.class, () -> sink.handle(event(T)));
        } finally {
            // The refused writes are an outage of the sink (docs/jsonl-log.md): what could not be
            // written is counted lost, and the stop says so, naming the refusal.
            IOException lost = assertThrows(IOException.class, sink::stop);
            assertTrue(lost.getMessage().contains("symbolic link") && lost.getMessage().contains("lost"),
                    lost.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("planted.txt")));
    }

    @Test
    void aDayFolderThatIsALinkIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path root = Files.createDirectories(dir.resolve("events"));
        Files.createSymbolicLink(root.resolve("2026-12-01"), elsewhere);
        JsonlSink sink = sink(root);
        sink.start(null);
        try {
            IOException e = assertThrows(IOException.class, () -> sink.handle(event(T)));
            assertTrue(e.getMessage().contains("2026-12-01") && e.getMessage().contains("symbolic link"), e.getMessage());
        } finally {
            // The refused writes are an outage of the sink (docs/jsonl-log.md): what could not be
            // written is counted lost, and the stop says so, naming the refusal.
            IOException lost = assertThrows(IOException.class, sink::stop);
            assertTrue(lost.getMessage().contains("symbolic link") && lost.getMessage().contains("lost"),
                    lost.getMessage());
        }
        try (var files = Files.list(elsewhere)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aRootNamedExplicitlyIsFollowedEvenWhenItIsALink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path root = Files.createSymbolicLink(dir.resolve("events"), real);
        JsonlSink sink = sink(root);
        sink.start(null);
        sink.handle(event(T));
        sink.stop();
        assertEquals(List.of("2026-12-01/00-00-00.jsonl"), Logs.segments(real));
        assertTrue(Files.readString(real.resolve("2026-12-01/00-00-00.jsonl"), StandardCharsets.UTF_8).contains("a:B"));
    }

    @Test
    void aRestartStillAppendsToTheSegmentItFinds() throws IOException {
        Path root = dir.resolve("events");
        for (int i = 0; i < 2; i++) {
            JsonlSink sink = sink(root);
            sink.start(null);
            sink.handle(event(T.plusSeconds(i)));
            sink.stop();
        }
        assertEquals(2, Logs.lines(root.resolve("2026-12-01/00-00-00.jsonl")).size());
    }

    @Test
    void aSecondWriterNestingInsideALiveLogIsRefused() throws IOException {
        Path root = dir.resolve("events");
        JsonlSink outer = sink(root);
        outer.start(null);
        try {
            outer.handle(event(T));
            JsonlSink inner = sink(root.resolve("2026-12-01"));
            IOException e = assertThrows(IOException.class, () -> inner.start(null));
            assertTrue(e.getMessage().contains("inside the log " + root.toRealPath()), e.getMessage());
            inner.stop();
        } finally {
            outer.stop();
        }
        JsonlSink later = sink(root.resolve("2026-12-01/nested")); // the log above has no writer now
        later.start(null);
        later.stop();
    }

    private Logs.Read read(Path location) {
        return Logs.readAll(JsonlSource.builder(location).registry(Greenhouse.registry()).build());
    }

    static final String LINE = "{\"time\":\"2026-12-01T00:00:01Z\",\"type\":\"a:B\",\"data\":{}}\n";

    @Test
    void theReaderFollowsNoLinkInsideALogAndSaysSo() throws IOException {
        Path secret = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path other = Files.createDirectories(dir.resolve("other/2026-12-02"));
        Files.writeString(other.resolve("00-00-00.jsonl"), LINE);
        Path root = Files.createDirectories(dir.resolve("events"));
        Path day = Files.createDirectories(root.resolve("2026-12-01"));
        Files.writeString(day.resolve("00-00-00.jsonl"), LINE);
        Path fileLink = Files.createSymbolicLink(day.resolve("00-10-00.jsonl"), secret);
        Path dirLink = Files.createSymbolicLink(root.resolve("2026-12-02"), other.resolve("../2026-12-02").normalize());
        Files.createSymbolicLink(root.resolve("README"), secret); // not a segment's name: never read, not worth a word

        Logs.Read read = read(root);
        assertEquals(1, read.events().size(), read.problems().toString());
        List<String> reports = read.problems().stream().filter(p -> p.line() == 0).map(Object::toString).sorted().toList();
        assertEquals(List.of(fileLink + ":0: not read: a symbolic link to " + secret
                + " (a log folder holds no links; copy what it points to into the log to read it)",
                dirLink + ":0: not read: a symbolic link to " + other
                + " (a log folder holds no links; copy what it points to into the log to read it)"), reports);
        assertTrue(read.problems().stream().noneMatch(p -> p.reason().contains("root:x")), read.problems().toString());
        assertEquals(List.of(day.resolve("00-00-00.jsonl")), JsonlSource.builder(root).build().files());
    }

    @Test
    void aLogRootNamedThroughALinkIsRead() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real/2026-12-01"));
        Files.writeString(real.resolve("00-00-00.jsonl"), LINE);
        Path root = Files.createSymbolicLink(dir.resolve("events"), dir.resolve("real"));
        Logs.Read read = read(root);
        assertEquals(1, read.events().size(), read.problems().toString());
        assertEquals(List.of(root.resolve("2026-12-01/00-00-00.jsonl")), JsonlSource.builder(root).build().files());
    }

    @Test
    void linksAreFollowedWhenTheSinkIsToldTo() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("other-disk"));
        Path root = Files.createDirectories(dir.resolve("events"));
        Files.createSymbolicLink(root.resolve("2026-12-01"), elsewhere);
        JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).followLinks(true).build();
        sink.start(null);
        sink.handle(event(T));
        sink.stop();
        assertEquals(1, Logs.lines(elsewhere.resolve("00-00-00.jsonl")).size());
    }
}
