package io.bussdcc.jsonl;

import io.bussdcc.api.Event;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child process of {@link CrashTest}: {@code CrashWriter ROOT write} records readings with
 * the default durability until it is killed; {@code CrashWriter ROOT hold} only holds the root.
 * Prints {@code started} once the sink has the root.
 */
public final class CrashWriter {

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        JsonlSink sink = JsonlSink.builder(Path.of(args[0])).registry(Greenhouse.registry()).build();
        sink.start(null);
        System.out.println("started");
        System.out.flush();
        if (args[1].equals("hold")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        // About 20,000 events a second: enough to have a batch in flight at any moment, little
        // enough to keep the log small.
        for (long seq = 0; ; seq++) {
            sink.handle(new Event<>(Instant.now(), new SensorReading("crash", seq, seq * 0.5, "C", null)));
            if (seq % 20 == 19) {
                Thread.sleep(1);
            }
        }
    }
}
