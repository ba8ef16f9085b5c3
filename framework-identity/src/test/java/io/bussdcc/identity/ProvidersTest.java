package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.ProviderReport;
import io.bussdcc.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module's contributions to a runtime composed from the module path. */
class ProvidersTest {

    @Test
    void compositionFindsTheIdentityServiceAndConfiguresItsRoot(@TempDir Path dir) throws Exception {
        Path root = SystemIdentityFixtureTest.x86Server(dir).root();
        Config config = Config.of(Map.of("service.identity.root", root.toString()));
        Composition composition = Composition.discover(ModuleLayer.boot(), config);

        ProviderReport service = composition.report().stream()
                .filter(r -> r.kind().equals("service") && r.name().equals("identity")).findFirst().orElseThrow();
        assertTrue(service.enabled(), service.toString());
        assertEquals("io.bussdcc.identity", service.module());

        CompletableFuture<SystemIdentityEvent> emitted = new CompletableFuture<>();
        Runtime runtime = Runtime.builder().config(config).build();
        composition.addTo(runtime);
        runtime.addProcess(new Process() {
            @Override
            public String name() {
                return "watch";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof SystemIdentityEvent identity) {
                    emitted.complete(identity);
                }
            }
        });
        assertTrue(runtime.services().info("identity").isPresent());
        assertEquals(SystemIdentityEvent.class,
                runtime.messageTypes().resolve("bussdcc_framework.message.system:SystemIdentityEvent").orElseThrow());

        runtime.boot();
        try {
            assertEquals("db-01", emitted.get(10, TimeUnit.SECONDS).hostname(), "the configured root was read");
        } finally {
            runtime.shutdown("test done");
        }
    }

    @Test
    void classPathServiceFilesNameExactlyTheModulesProviders() throws IOException {
        Module module = SystemIdentityService.class.getModule();
        ModuleDescriptor descriptor = module.getDescriptor();
        assertNotNull(descriptor, "tests run in module mode");
        for (ModuleDescriptor.Provides provides : descriptor.provides()) {
            String file = "META-INF/services/" + provides.service();
            try (InputStream in = module.getResourceAsStream(file)) {
                assertNotNull(in, file + " is missing: class-path users would not see " + provides.providers());
                List<String> listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                assertEquals(provides.providers(), listed, file);
            }
        }
        assertEquals(2, descriptor.provides().size());
    }
}
