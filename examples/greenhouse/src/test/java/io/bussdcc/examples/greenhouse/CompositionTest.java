package io.bussdcc.examples.greenhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.ProviderReport;
import io.bussdcc.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module contributes itself through its providers: composed from the module path, it runs as configured. */
class CompositionTest {

    @Test
    void everyProviderInModuleInfoIsAlsoInMetaInfServicesForClassPathUsers() throws Exception {
        Module module = SensorReading.class.getModule();
        assertTrue(module.isNamed(), "runs on the module path");
        Set<String> provides = new TreeSet<>();
        Set<String> services = new TreeSet<>();
        for (var p : module.getDescriptor().provides()) {
            p.providers().forEach(impl -> provides.add(p.service() + " -> " + impl));
            try (var in = module.getResourceAsStream("META-INF/services/" + p.service())) {
                assertTrue(in != null, "no META-INF/services/" + p.service());
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(impl -> services.add(p.service() + " -> " + impl));
            }
        }
        assertEquals(5, provides.size(), provides.toString());
        assertEquals(provides, services);
    }

    @Test
    void theProvidersAreFoundAndConfiguredFromTheirSections() throws Exception {
        Config config = Config.of(Map.of(
                "device.greenhouse.id", "bench-7",
                "device.greenhouse.noise", "0",
                "service.greenhouse.sensor", "bench-7",
                "service.greenhouse.interval", "20ms",
                "process.greenhouse.high", "10",
                // The web interface is on the test path too: any free port, never the default.
                "interface.web.port", "0"));
        Composition composition = Composition.discover(ModuleLayer.boot(), config);
        Set<String> found = composition.report().stream()
                .filter(r -> r.module().equals("io.bussdcc.examples.greenhouse"))
                .map(r -> r.kind() + ":" + r.name()).collect(Collectors.toSet());
        assertEquals(Set.of("device:greenhouse", "service:greenhouse", "process:greenhouse",
                "types:io.bussdcc.examples.greenhouse.internal.GreenhouseMessageTypes"), found);
        assertTrue(composition.report().stream().filter(r -> r.module().equals("io.bussdcc.examples.greenhouse"))
                .allMatch(ProviderReport::enabled));

        Recorder<Alarm> alarms = new Recorder<>(Alarm.class);
        try (Runtime runtime = Runtime.builder().config(config).build()) {
            composition.addTo(runtime);
            runtime.addProcess(alarms);
            assertEquals("greenhouse:SensorReading", runtime.messageTypes().nameOf(SensorReading.class));
            runtime.boot();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (alarms.seen().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("bench-7", runtime.devices().get(0).id());
            // The components carry their providers' names: service.greenhouse.* configures the
            // service that ctx.services() (and so /api/services/greenhouse) calls greenhouse.
            assertEquals(List.of("greenhouse"), runtime.services().list().stream()
                    .map(ServiceInfo::name).filter(n -> n.startsWith("greenhouse")).toList());
        }
        assertEquals("bench-7", alarms.seen().get(0).sensor(), "the 10° threshold is exceeded at once");
        assertEquals(10.0, alarms.seen().get(0).threshold());
    }
}
