package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.runtime.Runtime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink in a runtime: it records the whole lifecycle, with the runtime's type names. */
class RuntimeRecordingTest {

    @TempDir
    Path root;

    @Test
    void recordsEverythingFromBootingToShutdown() {
        Runtime runtime = Runtime.builder().messageTypes(Greenhouse.registry()).handleSignals(false).build();
        runtime.addSink(new JsonlSink(root));
        runtime.boot();
        runtime.emit(new SensorReading("s", 1, 2.5, "C", null));
        runtime.shutdown("test done");
        List<Event<?>> events = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build()).events();
        List<Message> payloads = events.stream().<Message>map(Event::payload).toList();
        assertTrue(payloads.get(0) instanceof RuntimeBooting, payloads.toString());
        assertTrue(payloads.get(payloads.size() - 1) instanceof RuntimeShutdown, payloads.toString());
        assertEquals(1, payloads.stream().filter(p -> p.equals(new SensorReading("s", 1, 2.5, "C", null))).count());
    }
}
