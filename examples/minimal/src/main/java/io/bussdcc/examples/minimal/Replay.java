package io.bussdcc.examples.minimal;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.examples.minimal.Greenhouse.Alarm;
import io.bussdcc.examples.minimal.Greenhouse.SensorReading;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.replay.ReplayClock;
import io.bussdcc.replay.ReplayProgress;
import io.bussdcc.replay.ReplayRuntime;
import java.io.IOException;
import java.nio.file.Path;

/** Replays a recorded log (default ./events) into another (./replayed), the watch re-living it. */
public final class Replay {
    public static void main(String[] args) throws IOException {
        Path log = Path.of(args.length > 0 ? args[0] : "events");
        Path out = Path.of(args.length > 1 ? args[1] : "replayed");
        // The application's types: without them its events come back as RawMessages, which the
        // Watch would not recognise (a sink still writes them back verbatim).
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().register(SensorReading.class).register(Alarm.class);
        ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(types).build();
        replay.addSource(JsonlSource.builder(log).registry(types).build());
        replay.addSink(JsonlSink.builder(out).registry(types).build());
        replay.addProcess(new Greenhouse.Watch());
        ReplayProgress done = replay.run();   // re-emits every recorded event, then "replay complete"
        System.out.println(done.eventsReplayed() + " events replayed; the watch counted "
                + replay.state().get("greenhouse.alarms").orElse(0) + " alarms");
    }
}
