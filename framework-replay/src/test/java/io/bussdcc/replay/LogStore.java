package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Where the properties record to and replay from: memory, or JSONL files. */
interface LogStore {

    /** A new, empty log. */
    TestLog create(String name) throws Exception;

    /** One log: written by sinks, read by sources, compared byte for byte. */
    interface TestLog {

        /** A sink writing into this log. */
        EventSink sink() throws Exception;

        /** A source reading this log. */
        EventSource source() throws Exception;

        /** The log's bytes (as text), for byte-identity. */
        String content() throws Exception;

        /** Writes {@code events} the way a live runtime hands them to its sink. */
        default void record(List<Event<?>> events, MessageTypeRegistry registry) throws Exception {
            EventSink sink = sink();
            sink.start(Runtime.builder().messageTypes(registry).build().context());
            for (Event<?> event : events) {
                sink.handle(event);
            }
            sink.stop();
        }

        /** Everything a source reads back. */
        default List<Event<?>> read() throws Exception {
            List<Event<?>> events = new ArrayList<>();
            List<Object> problems = new ArrayList<>();
            try (var stream = source().open(problems::add)) {
                stream.forEach(events::add);
            }
            problems.removeIf(p -> LogStore.isNote(p.toString()));
            if (!problems.isEmpty()) {
                throw new AssertionError("reading the log reported problems: " + problems);
            }
            return events;
        }
    }

    /** Logs in memory: lines of time, type name and the payload's record text. */
    static LogStore memory() {
        return name -> {
            MemoryLog log = new MemoryLog(name, Fixtures.registry());
            return new TestLog() {
                @Override
                public EventSink sink() {
                    return log;
                }

                @Override
                public EventSource source() {
                    return log;
                }

                @Override
                public String content() {
                    return String.join("\n", log.lines());
                }
            };
        };
    }

    /**
     * Whether a reported source problem is only a note on a record that was delivered: the
     * JSONL source notes the first record of each type the registry does not know (delivered
     * as a raw message).
     */
    static boolean isNote(String problem) {
        return problem.contains(": unknown type '") && problem.contains("delivered as a raw message");
    }

    /** JSONL logs in directories below {@code dir}: what a user records and replays. */
    static LogStore jsonl(Path dir, MessageTypeRegistry registry) {
        AtomicInteger count = new AtomicInteger();
        return name -> {
            Path root = dir.resolve(name + "-" + count.incrementAndGet());
            return new TestLog() {
                @Override
                public EventSink sink() {
                    return JsonlSink.builder(root).registry(registry).build();
                }

                @Override
                public EventSource source() {
                    return JsonlSource.builder(root).registry(registry).build();
                }

                /** Every segment's relative path and bytes, in path order. */
                @Override
                public String content() throws Exception {
                    if (!Files.exists(root)) {
                        return "";
                    }
                    StringBuilder b = new StringBuilder();
                    try (Stream<Path> files = Files.walk(root)) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                            b.append("== ").append(root.relativize(file)).append('\n')
                                    .append(Files.readString(file, StandardCharsets.UTF_8));
                        }
                    }
                    return b.toString();
                }
            };
        };
    }
}
