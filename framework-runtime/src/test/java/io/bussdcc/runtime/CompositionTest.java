package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composition from real plugin jars compiled by the test: on the module path (a module layer,
 * and a child JVM started with {@code --module-path}) and on the class path.
 */
class CompositionTest {

    @TempDir
    Path dir;

    /** A plugin with a sink that appends each event's type to a file, and a service. */
    private static final Map<String, String> PLUGIN = Map.of(
            "module-info.java", """
                    module com.example.plugin {
                        requires io.bussdcc.api;
                        requires static io.bussdcc.runtime;
                        provides io.bussdcc.api.spi.SinkProvider with com.example.plugin.FileSinkProvider;
                        provides io.bussdcc.api.spi.ServiceProvider with com.example.plugin.IdleServiceProvider;
                        provides io.bussdcc.api.spi.MessageTypeProvider with com.example.plugin.Types;
                    }
                    """,
            "com/example/plugin/FileSinkProvider.java", """
                    package com.example.plugin;
                    import io.bussdcc.api.*;
                    import io.bussdcc.api.spi.SinkProvider;
                    import java.nio.file.*;
                    public final class FileSinkProvider implements SinkProvider {
                        public String name() { return "file"; }
                        public EventSink create(Config config) {
                            Path file = Path.of(config.require("path"));
                            return event -> Files.writeString(file, event.payload().getClass().getSimpleName() + "\\n",
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        }
                    }
                    """,
            "com/example/plugin/IdleServiceProvider.java", """
                    package com.example.plugin;
                    import io.bussdcc.api.*;
                    import io.bussdcc.api.spi.ServiceProvider;
                    public final class IdleServiceProvider implements ServiceProvider {
                        public String name() { return "idle"; }
                        public boolean enabledByDefault() { return false; }
                        public Service create(Config config) { return () -> "idle"; }
                    }
                    """,
            "com/example/plugin/Reading.java", """
                    package com.example.plugin;
                    @io.bussdcc.api.MessageType("example:Reading")
                    public record Reading(double value) implements io.bussdcc.api.Message {}
                    """,
            "com/example/plugin/Types.java", """
                    package com.example.plugin;
                    public final class Types implements io.bussdcc.api.spi.MessageTypeProvider {
                        public void registerTypes(io.bussdcc.api.MessageTypeRegistry r) { r.register(Reading.class); }
                    }
                    """,
            "com/example/plugin/Main.java", """
                    package com.example.plugin;
                    import io.bussdcc.runtime.Composition;
                    import io.bussdcc.runtime.Runtime; // explicitly: a wildcard import leaves it ambiguous with java.lang.Runtime
                    import java.util.Map;
                    /** Composes a runtime from the module path it was started with, like a launcher would. */
                    public final class Main {
                        public static void main(String[] args) {
                            var config = io.bussdcc.api.Config.of(Map.of("sink.file.path", args[0]));
                            Composition composition = Composition.discover(ModuleLayer.boot(), config);
                            composition.report().forEach(System.out::println);
                            Runtime runtime = composition.addTo(Runtime.builder().config(config).build());
                            runtime.boot();
                            runtime.shutdown("done");
                        }
                    }
                    """);

    private static final Map<String, String> SERVICES_FILES = Map.of(
            "META-INF/services/io.bussdcc.api.spi.SinkProvider", "com.example.plugin.FileSinkProvider\n",
            "META-INF/services/io.bussdcc.api.spi.ServiceProvider", "com.example.plugin.IdleServiceProvider\n",
            "META-INF/services/io.bussdcc.api.spi.MessageTypeProvider", "com.example.plugin.Types\n");

    private Path pluginJar() throws IOException {
        return PluginJars.build(dir, "plugin", PLUGIN, SERVICES_FILES,
                List.of(PluginJars.locationOf("io.bussdcc.api"), PluginJars.locationOf("io.bussdcc.runtime")));
    }

    private static ModuleLayer layerOf(Path jar, String module) {
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(jar), ModuleFinder.of(), Set.of(module));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    @Test
    void providersInAModuleLayerAreFoundReportedAndRun() throws Exception {
        Path jar = pluginJar();
        Path out = dir.resolve("events.txt");
        Config config = Config.of(Map.of("sink.file.path", out.toString()));
        Composition composition = Composition.discover(layerOf(jar, "com.example.plugin"), config);

        ProviderReport sink = find(composition, "sink", "file");
        assertTrue(sink.enabled());
        assertEquals("com.example.plugin", sink.module());
        assertEquals(jar.toUri().toString(), sink.location());
        assertEquals("enabled by default", sink.detail());
        ProviderReport idle = find(composition, "service", "idle");
        assertFalse(idle.enabled());
        assertTrue(idle.detail().contains("service.idle.enabled=true"), idle.detail());

        Runtime runtime = composition.addTo(Runtime.builder().config(config).build());
        assertTrue(runtime.messageTypes().resolve("example:Reading").isPresent());
        runtime.boot();
        runtime.shutdown("done");
        List<String> lines = Files.readAllLines(out);
        assertEquals("RuntimeBooting", lines.getFirst());
        assertEquals("RuntimeShutdown", lines.getLast());
        assertEquals(List.of(Map.of("name", "file", "enabled", true, "class", "com.example.plugin.FileSinkProvider",
                        "module", "com.example.plugin", "location", jar.toUri().toString())),
                runtime.state().get("runtime.providers.sink").orElseThrow());
        // A types provider is named by its class: the name stays one value, not nested branches.
        assertEquals(List.of("com.example.plugin.Types"), ((List<?>) runtime.state().get("runtime.providers.types")
                .orElseThrow()).stream().map(p -> ((Map<?, ?>) p).get("name")).toList());
        assertTrue(runtime.state().get("runtime.providers.types.com").isEmpty(), "split into branches");
        assertTrue(runtime.services().list().isEmpty(), "a provider off by default was enabled");
    }

    @Test
    void aProviderCanBeSwitchedOnAndOffByConfiguration() throws Exception {
        Path jar = pluginJar();
        Config config = Config.of(Map.of("sink.file.enabled", "false", "service.idle.enabled", "yes"));
        Composition composition = Composition.discover(layerOf(jar, "com.example.plugin"), config);
        assertFalse(find(composition, "sink", "file").enabled());
        assertTrue(find(composition, "sink", "file").detail().contains("sink.file.enabled"));
        Runtime runtime = composition.addTo(new Runtime());
        assertEquals(List.of("idle"), runtime.services().list().stream().map(io.bussdcc.api.ServiceInfo::name).toList());
    }

    @Test
    void providersOnTheClassPathAreFoundThroughServicesFiles() throws Exception {
        Path jar = pluginJar();
        Path out = dir.resolve("events.txt");
        Config config = Config.of(Map.of("sink.file.path", out.toString()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            Composition composition = Composition.discover(loader, config);
            ProviderReport sink = find(composition, "sink", "file");
            assertEquals("class path", sink.module());
            Runtime runtime = composition.addTo(Runtime.builder().config(config).build());
            runtime.boot();
            runtime.shutdown();
        }
        assertEquals("RuntimeShutdown", Files.readAllLines(out).getLast());
    }

    @Test
    void providersOnTheModulePathOfAChildJvmAreComposed() throws Exception {
        Path jar = pluginJar();
        Path out = dir.resolve("events.txt");
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = String.join(File.pathSeparator, PluginJars.locationOf("io.bussdcc.api").toString(),
                PluginJars.locationOf("io.bussdcc.runtime").toString(), jar.toString());
        Process child = new ProcessBuilder(javaBin, "--module-path", modulePath,
                "--add-modules", "io.bussdcc.runtime", "-m", "com.example.plugin/com.example.plugin.Main", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("enabled  sink      file"), output);
        assertTrue(output.contains("module com.example.plugin"), output);
        List<String> lines = Files.readAllLines(out);
        assertEquals("RuntimeBooting", lines.getFirst());
        assertEquals("RuntimeShutdown", lines.getLast());
    }

    @Test
    void aBrokenProviderIsOneClearErrorNamingItsModuleAndJar() throws Exception {
        Path jar = PluginJars.build(dir, "broken", Map.of(
                "module-info.java", """
                        module com.example.broken {
                            requires io.bussdcc.api;
                            provides io.bussdcc.api.spi.SinkProvider with com.example.broken.BrokenProvider;
                        }
                        """,
                "com/example/broken/BrokenProvider.java", """
                        package com.example.broken;
                        public final class BrokenProvider implements io.bussdcc.api.spi.SinkProvider {
                            public BrokenProvider() { throw new IllegalStateException("missing native library"); }
                            public String name() { return "broken"; }
                            public io.bussdcc.api.EventSink create(io.bussdcc.api.Config c) { return null; }
                        }
                        """), Map.of(), List.of(PluginJars.locationOf("io.bussdcc.api")));
        CompositionException e = assertThrows(CompositionException.class,
                () -> Composition.discover(layerOf(jar, "com.example.broken"), Config.empty()));
        assertTrue(e.getMessage().contains("com.example.broken.BrokenProvider"), e.getMessage());
        assertTrue(e.getMessage().contains("module com.example.broken"), e.getMessage());
        assertTrue(e.getMessage().contains(jar.toUri().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing native library"), e.getMessage());
    }

    @Test
    void aMessageTypeProviderThatFailsStopsCompositionNamingItsJar() throws Exception {
        Path jar = PluginJars.build(dir, "badtypes", Map.of(
                "module-info.java", """
                        module com.example.badtypes {
                            requires io.bussdcc.api;
                            provides io.bussdcc.api.spi.MessageTypeProvider with com.example.badtypes.BadTypes;
                        }
                        """,
                "com/example/badtypes/BadTypes.java", """
                        package com.example.badtypes;
                        public final class BadTypes implements io.bussdcc.api.spi.MessageTypeProvider {
                            public void registerTypes(io.bussdcc.api.MessageTypeRegistry r) {
                                throw new IllegalArgumentException("name taken");
                            }
                        }
                        """), Map.of(), List.of(PluginJars.locationOf("io.bussdcc.api")));
        Composition composition = Composition.discover(layerOf(jar, "com.example.badtypes"), Config.empty());
        try (Runtime runtime = new Runtime()) {
            CompositionException e = assertThrows(CompositionException.class, () -> composition.addTo(runtime));
            assertEquals("message type provider com.example.badtypes.BadTypes (module com.example.badtypes, "
                    + jar.toUri() + ") failed to register its types: java.lang.IllegalArgumentException: name taken",
                    e.getMessage());
        }
    }

    @Test
    void aFailingCreateNamesTheProviderAndTheMissingSetting() throws Exception {
        Path jar = pluginJar();
        CompositionException e = assertThrows(CompositionException.class,
                () -> Composition.discover(layerOf(jar, "com.example.plugin"), Config.empty()));
        assertTrue(e.getMessage().contains("sink provider 'file'"), e.getMessage());
        assertTrue(e.getMessage().contains("'sink.file.path' is required"), e.getMessage());
    }

    @Test
    void configurationNamingAnUnknownProviderIsAnError() throws Exception {
        Path jar = pluginJar();
        Config config = Config.of(Map.of("sink.file.path", "x", "sink.fiel.enabled", "true"));
        CompositionException e = assertThrows(CompositionException.class,
                () -> Composition.discover(layerOf(jar, "com.example.plugin"), config));
        assertTrue(e.getMessage().contains("sink 'fiel'"), e.getMessage());
    }

    private static ProviderReport find(Composition composition, String kind, String name) {
        return composition.report().stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + composition.report()));
    }
}
