package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

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
}
