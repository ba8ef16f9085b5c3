package io.bussdcc.benchmarks;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.StateStore;
import io.bussdcc.benchmarks.gen.Types;
import io.bussdcc.runtime.Runtime;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link ScalingBenchmark}'s two cases without JMH, for a machine that is not quiet: one case
 * per JVM, warmed up, then 7 rounds of {@code ops} operations, each timed by the wall clock
 * and by the thread's own CPU time (which leaves out the time other processes held the CPU).
 * Prints one line with the medians per operation.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.bussdcc.benchmarks.ScalingRun dispatch PROCESSES TYPES
 *   java -cp benchmarks/target/benchmarks.jar io.bussdcc.benchmarks.ScalingRun state KEYS
 * </pre>
 */
public final class ScalingRun {

    private static final int ROUNDS = 7;
    private static final int OPS = 1_000_000;

    private ScalingRun() {}

    public static void main(String[] args) {
        switch (args.length == 0 ? "" : args[0]) {
            case "dispatch" -> dispatch(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "state" -> state(Integer.parseInt(args[1]));
            default -> {
                System.err.println("usage: ScalingRun dispatch PROCESSES TYPES | state KEYS");
                System.exit(2);
            }
        }
    }

    private static void dispatch(int processes, int types) {
        Message[] messages = Types.oneOfEach(types);
        Runtime runtime = new Runtime();
        Counter[] counters = new Counter[processes];
        for (int k = 0; k < processes; k++) {
            counters[k] = new Counter("process-" + k);
            runtime.addProcess(counters[k]);
        }
        runtime.boot();
        Context ctx = runtime.context();
        int[] next = {0};
        Runnable op = () -> {
            int k = next[0];
            ctx.emit(messages[k]);
            next[0] = k + 1 == messages.length ? 0 : k + 1;
        };
        String result = measure(op);
        runtime.shutdown();
        long seen = 0;
        for (Counter c : counters) {
            seen += c.events;
        }
        System.out.printf(Locale.ROOT, "dispatch processes=%d types=%d: %s (deliveries %d)%n", processes, types, result, seen);
    }

    private static void state(int keys) {
        Runtime runtime = new Runtime();
        runtime.boot();
        StateStore state = runtime.context().state();
        String[] paths = new String[keys];
        for (int k = 0; k < keys; k++) {
            paths[k] = String.format("sensors.s%05d.value", k);
            state.set(paths[k], 0L);
        }
        int[] next = {0};
        long[] value = {0};
        Runnable op = () -> {
            int k = next[0];
            state.set(paths[k], value[0]++);
            next[0] = k + 1 == paths.length ? 0 : k + 1;
        };
        String result = measure(op);
        System.out.printf(Locale.ROOT, "state keys=%d: %s%n", keys, result);
        runtime.shutdown();
    }

    /** Warm-up (3 rounds), then the medians of the rounds: wall and CPU nanoseconds per operation. */
    private static String measure(Runnable op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < OPS; i++) {
                op.run();
            }
        }
        double[] wall = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                op.run();
            }
            wall[r] = (double) (System.nanoTime() - w0) / OPS;
            cpu[r] = (double) (threads.getCurrentThreadCpuTime() - c0) / OPS;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return String.format(Locale.ROOT, "%.1f ns/op CPU (%.1f-%.1f), %.1f ns/op wall (%.1f-%.1f)",
                cpu[ROUNDS / 2], cpu[0], cpu[ROUNDS - 1], wall[ROUNDS / 2], wall[0], wall[ROUNDS - 1]);
    }

    /** Counts what it is handed. */
    private static final class Counter implements Process {
        private final String name;
        long events;

        Counter(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void handle(Context ctx, Event<?> e) {
            events++;
        }
    }
}
