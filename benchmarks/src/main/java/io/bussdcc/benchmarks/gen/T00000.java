package io.bussdcc.benchmarks.gen;

import io.bussdcc.api.Message;

/**
 * The template of the generated message types of {@code ScalingBenchmark}: {@link Types}
 * defines {@code T00001}, {@code T00002}, … from this class's bytes, its name changed.
 */
public record T00000(long seq) implements Message {}
