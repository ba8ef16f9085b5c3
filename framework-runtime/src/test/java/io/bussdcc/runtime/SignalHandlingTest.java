package io.bussdcc.runtime;

import static io.bussdcc.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.message.SystemReload;
import io.bussdcc.api.message.SystemSignal;
import io.bussdcc.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Raises real signals in this JVM. SIGINT here would end the test JVM if our handler were not
 * installed, so the test fails loudly (the fork dies) rather than passing by accident.
 */
class SignalHandlingTest {

    @Test
    void signalsMapOntoTheRuntimeAndHandlersAreRestored() throws Exception {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = Runtime.builder().handleSignals(true).build().addSink(sink);
        CountDownLatch ownHandlerRan = new CountDownLatch(1);
        sun.misc.SignalHandler original = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> ownHandlerRan.countDown());
        runtime.boot();

        sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
        sun.misc.Signal.raise(new sun.misc.Signal("USR1"));
        sun.misc.Signal.raise(new sun.misc.Signal("USR2"));
        await("reload and user signals",
                () -> sink.payloads(SystemReload.class).size() == 1 && sink.payloads(SystemSignal.class).size() == 2, Duration.ofSeconds(10));
        assertTrue(sink.payloads(SystemSignal.class).containsAll(List.of(
                new SystemSignal(new sun.misc.Signal("USR1").getNumber(), "user1"),
                new SystemSignal(new sun.misc.Signal("USR2").getNumber(), "user2"))));

        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(5)), "SIGINT did not shut the runtime down");
        assertEquals("SIGINT", runtime.shutdownReason().orElseThrow());
        assertEquals("RuntimeShutdown", sink.typeNames().getLast());

        // The handler installed before boot is back in place: it sees the next SIGHUP, the runtime does not.
        sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
        try {
            assertTrue(ownHandlerRan.await(5, TimeUnit.SECONDS), "the previous handler was not restored");
            assertEquals(1, sink.payloads(SystemReload.class).size());
        } finally {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), original);
        }
    }

    @Test
    void aSignalDuringTheBootShutsDownOnceBooted() throws Exception {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = Runtime.builder().handleSignals(true).build().addSink(sink).addProcess(new io.bussdcc.api.Process() {
            @Override
            public String name() {
                return "raises-sigterm";
            }

            @Override
            public void start(io.bussdcc.api.Context ctx) throws InterruptedException {
                // Without a handler in place yet, SIGTERM would end this JVM (the test run fails loudly).
                sun.misc.Signal.raise(new sun.misc.Signal("TERM"));
                Thread.sleep(100); // the handler runs meanwhile, on its own thread
            }
        });
        runtime.boot();
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(5)), "a SIGTERM during the boot was lost");
        assertEquals("SIGTERM", runtime.shutdownReason().orElseThrow());
        List<String> names = sink.typeNames();
        assertEquals(names.indexOf("FrameworkBooted") + 1, names.indexOf("FrameworkShuttingDown"), names.toString());
        assertEquals("RuntimeShutdown", names.getLast());
    }
}
