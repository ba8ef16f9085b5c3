package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin folder the build makes ({@code target/plugin}) is what the image loads with
 * {@code --plugins}: a set of modules that resolves against the framework's modules, provides
 * the sink and the source named {@code kafka}, and works there (Kafka inside a module layer
 * loads its classes through the context class loader, which is not the layer's).
 */
class PluginFolderIT {

    private static final Path PLUGIN = Path.of("target", "plugin");

    @Test
    void theFolderIsAModuleLayerProvidingTheKafkaSinkAndSource() throws Exception {
        List<String> jars;
        try (Stream<Path> s = Files.list(PLUGIN)) {
            jars = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("framework-io-kafka-")), jars.toString());
        assertTrue(jars.contains("kafka-clients-4.3.1.jar"), jars.toString());
        assertTrue(jars.stream().noneMatch(j -> j.startsWith("framework-api") || j.startsWith("framework-codec")
                || j.startsWith("jackson")), "the image has those already: " + jars);

        // The framework modules as the image has them: api, codec and Jackson, from this build.
        List<Path> framework = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("framework-api") || entry.contains("framework-codec") || entry.contains("jackson-core")) {
                framework.add(Path.of(entry));
            }
        }
        ModuleFinder image = ModuleFinder.of(framework.toArray(Path[]::new));
        Configuration base = ModuleLayer.boot().configuration().resolve(image, ModuleFinder.of(), Set.of("io.bussdcc.codec"));
        ModuleLayer imageLayer = ModuleLayer.boot().defineModulesWithOneLoader(base, ClassLoader.getPlatformClassLoader());

        ModuleFinder plugins = ModuleFinder.of(PLUGIN);
        Set<String> roots = plugins.findAll().stream().map(ModuleReference::descriptor).map(d -> d.name())
                .collect(Collectors.toCollection(TreeSet::new));
        Configuration cf = imageLayer.configuration().resolveAndBind(plugins, ModuleFinder.of(), roots);
        ModuleLayer layer = imageLayer.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        assertTrue(layer.findModule("io.bussdcc.kafka").isPresent());
        assertTrue(layer.findModule("kafka.clients").orElseThrow().getDescriptor().isAutomatic());

        ClassLoader api = imageLayer.findLoader("io.bussdcc.api");
        Class<?> sinkSpi = api.loadClass("io.bussdcc.api.spi.SinkProvider");
        Class<?> sourceSpi = api.loadClass("io.bussdcc.api.spi.SourceProvider");
        assertEquals(List.of("kafka"), names(ServiceLoader.load(layer, sinkSpi)));
        List<Object> sources = new ArrayList<>();
        ServiceLoader.load(layer, sourceSpi).forEach(sources::add);
        assertEquals(List.of("kafka"), names(sources));

        // The source works inside the layer: against a port nobody listens on, the clear error.
        Object provider = sources.get(0);
        Class<?> configType = api.loadClass("io.bussdcc.api.Config");
        Object config = configType.getMethod("of", Map.class).invoke(null, Map.of("timeout", "2s"));
        String nowhere = "127.0.0.1:" + Broker.freePort();
        Object source = sourceSpi.getMethod("create", String.class, configType).invoke(provider,
                "kafka://" + nowhere + "/fleet", config);
        try {
            source.getClass().getMethod("open", Consumer.class).invoke(source, (Consumer<Object>) p -> { });
            throw new AssertionError("opened a source on a port nobody listens on");
        } catch (InvocationTargetException e) {
            assertEquals(java.io.IOException.class, e.getCause().getClass(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().startsWith("cannot reach Kafka at " + nowhere), e.getCause().getMessage());
        }
    }

    private static List<String> names(Iterable<?> providers) throws Exception {
        List<String> names = new ArrayList<>();
        for (Object p : providers) {
            names.add((String) p.getClass().getMethod("name").invoke(p));
        }
        return names;
    }
}
