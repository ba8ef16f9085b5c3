package io.bussdcc.sql;

import io.bussdcc.api.Event;
import io.bussdcc.sql.Samples.Reading;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link CrashTrialsTest}, run on the module path: {@code CrashRecorder
 * URL INTERVAL_MS} records readings (seq 0, 1, 2, …) into an SQLite file with that commit
 * interval (and no batch limit) until it is killed. Prints {@code started}, then {@code committed N} each time the
 * sink's count of committed events grows.
 */
public final class CrashRecorder {

    private CrashRecorder() {}

    public static void main(String[] args) throws Exception {
        SqlSink sink = SqlSink.builder(args[0]).commitInterval(Duration.ofMillis(Long.parseLong(args[1])))
                .batchSize(Integer.MAX_VALUE) // only the interval triggers a commit: the loss to measure
                .registry(Samples.registry()).build();
        sink.start(null);
        System.out.println("started");
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            long last = 0;
            while (true) {
                long now = sink.committed();
                if (now != last) {
                    System.out.println("committed " + now);
                    System.out.flush();
                    last = now;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // About 20,000 events a second: a commit is in flight most of the time.
        for (long seq = 0; ; seq++) {
            sink.handle(new Event<>(Instant.now(), new Reading("crash", seq, seq * 0.5, "C", null)));
            if (seq % 20 == 19) {
                Thread.sleep(1);
            }
        }
    }
}
