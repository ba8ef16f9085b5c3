package io.bussdcc.examples.greenhouse.sql;

import io.bussdcc.api.Config;
import io.bussdcc.examples.greenhouse.Alarm;
import io.bussdcc.examples.greenhouse.AlarmCleared;
import io.bussdcc.examples.greenhouse.AlarmProcess;
import io.bussdcc.examples.greenhouse.AlarmProcess.Thresholds;
import io.bussdcc.examples.greenhouse.SensorReading;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.sql.internal.GreenhouseSqlWebPlugin;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.sql.DatabaseProcessProvider;
import io.bussdcc.sql.SqlSink;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.web.WebInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The greenhouse with its database half as an application wires it: the app database and the
 * recorder in one SQLite file, migrations at boot (process {@code sql}), the alarm process, and
 * the web interface with the profiles plugin.
 */
final class GreenhouseSqlApp implements AutoCloseable {

    final Runtime runtime;
    final WebInterface web;
    final RecordingSink recorder = new RecordingSink();
    final String url;

    GreenhouseSqlApp(Path dir, boolean recording) {
        this(dir, "jdbc:sqlite:" + dir.resolve("greenhouse.db"), recording, true, r -> { });
    }

    /** With {@code setup} run on the runtime before it boots (devices, services of the test's). */
    GreenhouseSqlApp(Path dir, String url, boolean recording, boolean migrateAtBoot, Consumer<Runtime> setup) {
        this.url = url;
        Config config = Config.of(Map.of("sql.url", url, "sink.jsonl.dir", dir.resolve("events").toString()));
        runtime = Runtime.builder().config(config).build();
        for (Class<? extends io.bussdcc.api.Message> t : List.of(SensorReading.class, Alarm.class, AlarmCleared.class,
                SetThresholds.class, ThresholdProfile.class)) {
            runtime.messageTypes().register(t);
        }
        runtime.addSink(recorder);
        if (recording) {
            runtime.addSink(SqlSink.builder(url).commitInterval(Duration.ofMillis(50)).build());
        }
        if (migrateAtBoot) {
            runtime.addProcess(new DatabaseProcessProvider().create(config.section("process.sql")));
        }
        runtime.addProcess(new AlarmProcess(Thresholds.DEFAULT, List.of("greenhouse")));
        setup.accept(runtime);
        web = WebInterface.builder().port(0).discoverPlugins(false).plugin(new GreenhouseSqlWebPlugin()).build();
        runtime.addInterface(web);
        runtime.boot();
    }

    String base() {
        return "http://127.0.0.1:" + web.port();
    }

    @Override
    public void close() {
        runtime.shutdown("test over");
    }
}
