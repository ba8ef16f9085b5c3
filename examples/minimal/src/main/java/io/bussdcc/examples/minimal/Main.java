package io.bussdcc.examples.minimal;

import io.bussdcc.api.Config;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.LayeredConfig;
import io.bussdcc.runtime.Runtime;   // import it by name: a wildcard import clashes with java.lang.Runtime
import java.util.Map;

/** Runs the application until it is stopped, recording every event. */
public final class Main {
    public static void main(String[] args) {
        Config config = LayeredConfig.standard(Map.of(), null);   // -Dbussdcc.KEY=…, BUSSDCC_KEY=…
        Runtime runtime = Runtime.builder().config(config).handleSignals(true).build();
        runtime.addService(new Greenhouse.Sensor());
        runtime.addProcess(new Greenhouse.Watch());
        // Every provider on the module path: the JSONL log (./events), the system identity, plugins.
        Composition.discover(ModuleLayer.boot(), config).addTo(runtime);
        runtime.boot();
        runtime.run();   // until SIGINT or SIGTERM, runtime.shutdown(reason) or a critical failure
    }
}
