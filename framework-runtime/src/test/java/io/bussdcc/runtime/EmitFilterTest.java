package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.message.EventSubscriberError;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.runtime.TestMessages.Ping;
import io.bussdcc.runtime.replay.EmitFilter;
import io.bussdcc.runtime.replay.Emitter;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EmitFilterTest {

    @Test
    void aSubscribersFailureReportPassesTheFilterAsTheRuntimes() {
        List<Emitter> seen = new CopyOnWriteArrayList<>();
        List<Message> seenMessages = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink();
        EmitFilter filter = (emitter, message) -> {
            seen.add(emitter);
            seenMessages.add(message);
            return !(message instanceof EventSubscriberError);
        };
        Runtime runtime = ReplayDoor.open(Runtime.builder(), new ReplayOptions(RuntimeMode.LIVE, filter, false)).runtime();
        runtime.addSink(sink);
        runtime.boot();
        runtime.context().subscribe(Ping.class, event -> {
            throw new IllegalStateException("boom");
        });

        runtime.emit(new Ping(1));
        runtime.shutdown("done");

        assertTrue(sink.payloads().contains(new Ping(1)));
        assertTrue(sink.payloads().stream().noneMatch(m -> m instanceof EventSubscriberError), "filtered out");
        int index = seenMessages.indexOf(seenMessages.stream().filter(m -> m instanceof EventSubscriberError).findFirst().orElseThrow());
        assertEquals(Emitter.RUNTIME, seen.get(index));
        assertEquals(new Emitter(Emitter.Role.APPLICATION, "runtime"), seen.get(seenMessages.indexOf(new Ping(1))));
    }
}
