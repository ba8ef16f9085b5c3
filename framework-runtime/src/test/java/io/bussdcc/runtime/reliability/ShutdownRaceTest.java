package io.bussdcc.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Threads that keep emitting at full speed while the runtime shuts down: no sink receives
 * anything after {@code RuntimeShutdown} or after its {@code stop}, no process after its
 * {@code stop}, over many rounds.
 */
class ShutdownRaceTest {

    record Ping(long n) implements Message {}

    static final int ROUNDS = Integer.getInteger("reliability.race.rounds", 300);

    @Test
    void nothingIsDispatchedAfterRuntimeShutdownWhileOtherThreadsEmit() throws Exception {
        List<String> failures = new ArrayList<>();
        long delivered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Observer observer = new Observer();
            Runtime runtime = Runtime.builder().build();
            runtime.addSink(observer.sink);
            runtime.addProcess(observer.process);
            runtime.boot();
            List<Thread> emitters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                emitters.add(Thread.ofPlatform().start(() -> {
                    for (long n = 0; !runtime.isShutDown(); n++) {
                        runtime.emit(new Ping(n));
                    }
                    for (int n = 0; n < 1000; n++) {
                        runtime.emit(new Ping(-n)); // after shutdown: dropped
                    }
                }));
            }
            Thread.sleep(round % 5);
            runtime.shutdown("round " + round);
            for (Thread t : emitters) {
                t.join();
            }
            assertEquals(1, observer.count(RuntimeShutdown.class));
            if (!observer.late().isEmpty()) {
                failures.add("round " + round + ": " + observer.late().size() + " late, first " + observer.late().get(0));
            }
            delivered += observer.count(Ping.class);
        }
        System.out.println("shutdown race: " + ROUNDS + " rounds, " + delivered + " events delivered, " + failures.size()
                + " rounds with a late dispatch");
        assertTrue(failures.isEmpty(), failures.size() + " of " + ROUNDS + " rounds dispatched after shutdown:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }
}
