package io.bussdcc.benchmarks;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.cli.bench.BenchWorkload;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayHandle;
import io.bussdcc.runtime.replay.ReplayOptions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bus and dispatch, on one thread, to 1 and 4 receivers:
 * <ul>
 *   <li>{@code publish}: a ready event published (as a replay publishes a recorded one, through
 *       the runtime's replay door) to a runtime without components, with {@code subscribers}
 *       bus handlers;</li>
 *   <li>{@code emit}: {@code emit} of a message built in the call — clock, event, dispatch to
 *       {@code subscribers} processes — what {@code bussdcc bench --case dispatch} does per
 *       event.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BusBenchmark {

    /** A booted runtime whose bus has {@code subscribers} handlers. */
    @State(Scope.Thread)
    public static class Bus {
        @Param({"1", "4"})
        int subscribers;

        ReplayHandle door;
        Runtime runtime;
        Event<BenchWorkload.SensorReading> event;

        @Setup
        public void boot(Blackhole blackhole) {
            door = ReplayDoor.open(Runtime.builder().messageTypes(BenchWorkload.registry()),
                    new ReplayOptions(RuntimeMode.LIVE, null, false));
            runtime = door.runtime();
            for (int k = 0; k < subscribers; k++) {
                runtime.context().subscribe(BenchWorkload.SensorReading.class, blackhole::consume);
            }
            runtime.boot();
            event = new Event<>(Instant.parse("2026-03-09T23:45:02.5Z"), BenchWorkload.reading(1));
        }

        @TearDown
        public void shutdown() {
            runtime.shutdown();
        }
    }

    /** A booted runtime with {@code processes} processes. */
    @State(Scope.Thread)
    public static class Processes {
        @Param({"1", "4"})
        int subscribers;

        Runtime runtime;
        Context context;
        long i;

        @Setup
        public void boot(Blackhole blackhole) {
            runtime = Runtime.builder().messageTypes(BenchWorkload.registry()).build();
            for (int k = 0; k < subscribers; k++) {
                runtime.addProcess(new Consumer("process-" + k, blackhole));
            }
            runtime.boot();
            context = runtime.context();
        }

        @TearDown
        public void shutdown() {
            runtime.shutdown();
        }
    }

    @Benchmark
    public void publish(Bus bus) {
        bus.door.publish(bus.event);
    }

    @Benchmark
    public void emit(Processes p) {
        p.context.emit(BenchWorkload.reading(p.i++));
    }

    /** A process that hands every event to the blackhole, so that nothing is optimised away. */
    private record Consumer(String name, Blackhole blackhole) implements Process {
        @Override
        public void handle(Context ctx, Event<?> e) {
            blackhole.consume(e);
        }
    }
}
