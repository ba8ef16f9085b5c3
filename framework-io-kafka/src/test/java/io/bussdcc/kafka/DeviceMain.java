package io.bussdcc.kafka;

import io.bussdcc.runtime.Runtime;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A device in its own JVM for the crash trials: records to a {@link LineLog} and ships with a
 * {@link KafkaSink}. Arguments: LOG BOOTSTRAP TOPIC DEVICE EVENTS RATE. Emits EVENTS readings at
 * about RATE per second (EVENTS 0: none), then waits until the shipper caught up, shuts down
 * and exits 0. Prints "recording" once booted.
 */
public final class DeviceMain {

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        String device = args[3];
        long events = Long.parseLong(args[4]);
        int rate = Integer.parseInt(args[5]);
        Runtime runtime = Runtime.builder().messageTypes(Reading.registry()).build();
        KafkaSink sink = KafkaSink.builder(bootstrap, topic).log(log).device(device)
                .statusInterval(Duration.ofMillis(200)).settle(Duration.ofMillis(300)).build();
        runtime.addSink(new LineLog(log, 600));
        runtime.addSink(sink);
        runtime.boot();
        System.out.println("recording");
        System.out.flush();
        long started = System.nanoTime();
        for (long i = 0; i < events; i++) {
            runtime.emit(new Reading(device, i, i * 0.5, "n" + i));
            long due = started + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        while (!(sink.status().lagEvents() == 0 && sink.status().state().equals("caught-up"))) {
            Thread.sleep(50);
        }
        runtime.shutdown("done");
        System.out.println("done " + sink.status());
    }
}
