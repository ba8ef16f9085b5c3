package io.bussdcc.jsonl;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link CompressionCrashTest}: starts a compressing sink on ROOT (which
 * compresses every segment but the newest at once) and waits to be killed. Prints
 * {@code started} once the sink has the root.
 */
public final class CompressingSink {

    private CompressingSink() {}

    public static void main(String[] args) throws Exception {
        JsonlSink sink = JsonlSink.builder(Path.of(args[0])).interval(Duration.ofMinutes(1)).compress(true)
                .registry(Greenhouse.registry()).build();
        sink.start(null);
        System.out.println("started");
        System.out.flush();
        sink.awaitMaintenance();
        System.out.println("compressed");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
