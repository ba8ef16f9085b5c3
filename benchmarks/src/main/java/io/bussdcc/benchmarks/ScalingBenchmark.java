package io.bussdcc.benchmarks;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.StateStore;
import io.bussdcc.benchmarks.gen.Types;
import io.bussdcc.runtime.Runtime;
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
 * How the cost of one event and of one state update grows (BENCHMARKS.md, "How cost grows"):
 * <ul>
 *   <li>{@code dispatch}: {@code emit} through a booted runtime to {@code processes} processes,
 *       the messages cycling through {@code types} distinct record types (generated,
 *       {@link Types}); the messages are made beforehand, one per type, so that only the
 *       dispatch is measured (clock, event, delivery, the per-type routes);</li>
 *   <li>{@code stateSet}: {@code ctx.state().set} of a number, cycling through {@code keys}
 *       paths {@code sensors.sNNNNN.value} of the runtime's state store.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScalingBenchmark {

    /** A booted runtime with {@code processes} processes and one message of each of {@code types} types. */
    @State(Scope.Thread)
    public static class Dispatch {
        @Param({"1", "10", "100"})
        int processes;

        @Param({"1", "100", "10000"})
        int types;

        Runtime runtime;
        Context context;
        Message[] messages;
        int next;

        @Setup
        public void boot(Blackhole blackhole) {
            messages = Types.oneOfEach(types);
            runtime = new Runtime();
            for (int k = 0; k < processes; k++) {
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

    /** A booted runtime's state store and {@code keys} paths into it, each set once already. */
    @State(Scope.Thread)
    public static class States {
        @Param({"10", "10000"})
        int keys;

        Runtime runtime;
        StateStore state;
        String[] paths;
        int next;
        long value;

        @Setup
        public void boot() {
            runtime = new Runtime();
            runtime.boot();
            state = runtime.context().state();
            paths = new String[keys];
            for (int k = 0; k < keys; k++) {
                paths[k] = String.format("sensors.s%05d.value", k);
                state.set(paths[k], 0L);
            }
        }

        @TearDown
        public void shutdown() {
            runtime.shutdown();
        }
    }

    @Benchmark
    public void dispatch(Dispatch d) {
        int k = d.next;
        d.context.emit(d.messages[k]);
        d.next = k + 1 == d.messages.length ? 0 : k + 1;
    }

    @Benchmark
    public void stateSet(States s) {
        int k = s.next;
        s.state.set(s.paths[k], s.value++);
        s.next = k + 1 == s.paths.length ? 0 : k + 1;
    }

    /** A process that hands every event to the blackhole, so that nothing is optimised away. */
    private record Consumer(String name, Blackhole blackhole) implements Process {
        @Override
        public void handle(Context ctx, Event<?> e) {
            blackhole.consume(e);
        }
    }
}
