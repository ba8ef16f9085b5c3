/**
 * JMH micro-benchmarks of the event bus ({@code BusBenchmark}), the codec
 * ({@code CodecBenchmark}) and the JSONL segment writer ({@code SegmentWriterBenchmark}), on the
 * workload of {@code bussdcc bench}, and of how dispatch and the state store scale
 * ({@code ScalingBenchmark}). A normal build only compiles them; {@code benchmarks/jmh}
 * builds {@code target/benchmarks.jar} and runs it (on the class path). See
 * {@code BENCHMARKS.md}.
 */
module io.bussdcc.benchmarks {
    requires io.bussdcc.runtime;
    requires io.bussdcc.codec;
    requires io.bussdcc.jsonl;
    // The workload (BenchWorkload) is bussdcc bench's own.
    requires io.bussdcc.cli;
    requires jmh.core;
    // ScalingRun reads its thread's CPU time.
    requires java.management;

    // JMH's generated code and runner reach the benchmark classes; the codec reads the record.
    exports io.bussdcc.benchmarks;
    // ScalingBenchmark's generated message types.
    exports io.bussdcc.benchmarks.gen;
}
