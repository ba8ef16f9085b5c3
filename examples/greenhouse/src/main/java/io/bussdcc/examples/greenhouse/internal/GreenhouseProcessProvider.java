package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.Process;
import io.bussdcc.api.spi.ProcessProvider;
import io.bussdcc.examples.greenhouse.AlarmProcess;
import io.bussdcc.examples.greenhouse.AlarmProcess.Thresholds;
import java.util.Arrays;
import java.util.List;

/**
 * The alarm process, as process provider {@code greenhouse}. Keys below
 * {@code process.greenhouse.}: {@code high}, {@code critical}, {@code hysteresis} (see
 * {@link Thresholds#DEFAULT}) and {@code tags}, comma-separated (default
 * {@code greenhouse,temperature}).
 */
public final class GreenhouseProcessProvider implements ProcessProvider {

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseProcessProvider() {}

    @Override
    public String name() {
        return AlarmProcess.NAME;
    }

    @Override
    public Process create(Config config) {
        Thresholds d = Thresholds.DEFAULT;
        Thresholds thresholds = new Thresholds(
                config.getDouble("high", d.high()),
                config.getDouble("critical", d.critical()),
                config.getDouble("hysteresis", d.hysteresis()));
        List<String> tags = Arrays.stream(config.get("tags", "greenhouse,temperature").split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new AlarmProcess(thresholds, tags);
    }
}
