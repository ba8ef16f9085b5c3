package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Process;
import io.bussdcc.api.message.EventSubscriberError;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.SinkHandlerError;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Ping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureIsolationTest {

    /** Throws on every Ping and on every Alarm. */
    static final class Grumpy implements Process {
        @Override
        public String name() {
            return "grumpy";
        }

        @Override
        public void handle(Context ctx, Event<?> event) throws Exception {
            if (event.payload() instanceof Ping || event.payload() instanceof Alarm) {
                throw new IOException("grumpy about " + event.payload());
            }
        }
    }

    /** Records what it sees, to show it still sees everything. */
    static final class Witness implements Process {
        final List<Object> seen = new ArrayList<>();

        @Override
        public String name() {
            return "witness";
        }

        @Override
        public synchronized void handle(Context ctx, Event<?> event) {
            seen.add(event.payload());
        }
    }

    static final class FailingSink implements EventSink {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public void handle(Event<?> event) {
            if (event.payload() instanceof Ping || event.payload() instanceof Alarm) {
                throw new IllegalStateException("disk full");
            }
        }
    }

    @Test
    void aThrowingProcessIsReportedOnceWithTheEventAndOthersGoOn() {
        RecordingSink sink = new RecordingSink();
        Witness witness = new Witness();
        Runtime runtime = new Runtime().addSink(sink).addProcess(new Grumpy()).addProcess(witness);
        runtime.boot();
        runtime.emit(new Ping(1));
        runtime.shutdown();
        List<ProcessError> errors = sink.payloads(ProcessError.class);
        assertEquals(1, errors.size());
        ProcessError error = errors.getFirst();
        assertEquals("grumpy", error.process());
        assertEquals("java.io.IOException: grumpy about Ping[n=1]", error.error());
        assertEquals(new Ping(1), error.evt().payload());
        assertTrue(error.traceback().contains("Grumpy.handle"));
        assertTrue(witness.seen.contains(new Ping(1)));
        assertTrue(witness.seen.contains(error), "processes see the error report too");
    }

    @Test
    void aThrowingSinkIsReportedOnceAndOtherSinksGoOn() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(new FailingSink()).addSink(sink);
        runtime.boot();
        runtime.emit(new Ping(2));
        runtime.shutdown();
        List<SinkHandlerError> errors = sink.payloads(SinkHandlerError.class);
        assertEquals(1, errors.size());
        assertEquals("failing", errors.getFirst().sink());
        assertEquals(new Ping(2), errors.getFirst().evt().payload());
        assertTrue(sink.payloads(Ping.class).contains(new Ping(2)));
    }

    @Test
    void failuresWhileHandlingAnErrorEventAreCountedNotReported() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(new FailingSink()).addSink(sink).addProcess(new Grumpy());
        runtime.boot();
        runtime.emit(new Alarm("fire"));
        runtime.shutdown();
        assertEquals(List.of(), sink.payloads(ProcessError.class));
        assertEquals(List.of(), sink.payloads(SinkHandlerError.class));
        assertEquals(2, runtime.droppedFailures());
        assertEquals(List.of(new Alarm("fire")), sink.payloads(Alarm.class));
    }

    @Test
    void aThrowingBusSubscriberIsReported() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink);
        runtime.context().subscribe(Ping.class, e -> {
            throw new IllegalStateException("subscriber failed");
        });
        runtime.boot();
        runtime.emit(new Ping(3));
        runtime.shutdown();
        List<EventSubscriberError> errors = sink.payloads(EventSubscriberError.class);
        assertEquals(1, errors.size());
        assertEquals(new Ping(3), errors.getFirst().event().payload());
    }
}
