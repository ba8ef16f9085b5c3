package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which bussdcc modules identity reports, and their versions. */
class FrameworkModulesTest {

    /** The version Maven builds this project's modules with, passed in by the build. */
    private static final String VERSION = System.getProperty("bussdcc.expectedVersion");

    @Test
    void theModulesOfThisRunAreReportedWithTheirBuildVersion() {
        Map<String, String> present = FrameworkModules.present();

        assertEquals(VERSION, present.get("io.bussdcc.identity"), present.toString());
        assertEquals(VERSION, present.get("io.bussdcc.api"), present.toString());
        assertTrue(present.keySet().stream().allMatch(name -> name.startsWith("io.bussdcc.")), present.toString());
    }

    @Test
    void onTheClassPathTheModuleDescriptorsInsideTheJarsAreRead() throws IOException {
        // The api's jar (or class folder) seen by a plain class loader, as on a class path.
        URL apiLocation = Message.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader classPath = new URLClassLoader(new URL[] {apiLocation}, null)) {
            assertEquals(Map.of("io.bussdcc.api", VERSION), FrameworkModules.find(null, classPath));
        }
    }

    @Test
    void pluginLayersAreSearchedTooAndModulesWithoutVersionAreUnknown() {
        ModuleLayer plugins = layerOf(
                ModuleDescriptor.newModule("io.bussdcc.greenhouse.sensors").version("2.1.0").build(),
                ModuleDescriptor.newModule("io.bussdcc.unversioned").build(),
                ModuleDescriptor.newModule("io.bussdccx.lookalike").version("1").build(),
                ModuleDescriptor.newModule("com.example.other").version("1").build());

        Map<String, String> found = FrameworkModules.find(plugins, null);

        assertEquals("2.1.0", found.get("io.bussdcc.greenhouse.sensors"));
        assertEquals("unknown", found.get("io.bussdcc.unversioned"));
        assertEquals(VERSION, found.get("io.bussdcc.identity"), "the parent (boot) layer is searched");
        assertEquals(Set.of(), found.keySet().stream().filter(n -> !n.startsWith("io.bussdcc."))
                .collect(Collectors.toSet()));
    }

    /** A layer over the boot layer holding modules with these descriptors and no classes. */
    private static ModuleLayer layerOf(ModuleDescriptor... descriptors) {
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return all().stream().filter(r -> r.descriptor().name().equals(name)).findFirst();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return all();
            }

            private Set<ModuleReference> all() {
                return Stream.of(descriptors).map(EmptyModule::new).collect(Collectors.toSet());
            }
        };
        Set<String> names = Stream.of(descriptors).map(ModuleDescriptor::name).collect(Collectors.toSet());
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), names);
        return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()),
                FrameworkModulesTest.class.getClassLoader()).layer();
    }

    private static final class EmptyModule extends ModuleReference {
        EmptyModule(ModuleDescriptor descriptor) {
            super(descriptor, URI.create("memory:/" + descriptor.name()));
        }

        @Override
        public ModuleReader open() {
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) {
                    return Optional.empty();
                }

                @Override
                public Stream<String> list() {
                    return Stream.empty();
                }

                @Override
                public void close() {}
            };
        }
    }
}
