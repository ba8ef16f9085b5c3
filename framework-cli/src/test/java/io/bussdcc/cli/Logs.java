package io.bussdcc.cli;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Reads what the image recorded, with the JSONL source and the codec, as a user's program would. */
public final class Logs {

    private Logs() {}

    /** Built-ins and every type contributed on this test's class path (the greenhouse's among them). */
    public static MessageTypeRegistry registry() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        ServiceLoader.load(MessageTypeProvider.class).forEach(p -> p.registerTypes(registry));
        return registry;
    }

    public static List<Event<?>> read(Path log) throws Exception {
        return read(log, new ArrayList<>());
    }

    public static List<Event<?>> read(Path log, List<SourceProblem> problems) throws Exception {
        try (Stream<Event<?>> events = JsonlSource.builder(log).registry(registry()).build().open(problems::add)) {
            return events.toList();
        }
    }

    public static Event<?> decode(String line) throws CodecException {
        return new EventCodec(registry()).readEvent(line);
    }

    public static String typeOf(Event<?> event) {
        return registry().nameOf(event.payload());
    }
}
