package io.bussdcc.cli;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The jars of a plugins folder as a child {@link ModuleLayer} of the boot layer: each jar is a
 * module (explicit, or automatic when it has no {@code module-info}), resolved against the
 * image's modules with service binding, all defined to one class loader.
 */
final class PluginLayer {

    private PluginLayer() {}

    /**
     * Loads every jar in {@code dir}.
     *
     * @return the new layer, or the boot layer when {@code dir} holds no jar
     * @throws CliFailure naming the folder and the problem: not a folder, a jar that is not a
     *                    usable module, a module that needs one nobody provides, two modules
     *                    with one package
     */
    static ModuleLayer load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CliFailure("plugins folder " + dir + " does not exist or is not a folder");
        }
        if (jarsIn(dir).isEmpty()) {
            return ModuleLayer.boot();
        }
        ModuleLayer boot = ModuleLayer.boot();
        try {
            ModuleFinder finder = ModuleFinder.of(dir);
            Set<String> roots = finder.findAll().stream()
                    .map(ModuleReference::descriptor)
                    .map(d -> d.name())
                    .collect(Collectors.toCollection(TreeSet::new));
            Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(boot),
                    ClassLoader.getSystemClassLoader());
            enableNativeAccess(controller);
            return controller.layer();
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            throw new CliFailure("cannot load the plugins in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lets the plugins' modules call native code (SQLite's driver loads its library), as
     * {@code --enable-native-access} does for the boot layer, so that Java 24+ does not warn on
     * every run. {@code Controller.enableNativeAccess} exists from Java 22; before, nothing warns.
     */
    private static void enableNativeAccess(ModuleLayer.Controller controller) {
        Method enable;
        try {
            enable = ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class);
        } catch (NoSuchMethodException olderJava) {
            return;
        }
        for (Module m : controller.layer().modules()) {
            try {
                enable.invoke(controller, m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return; // native access stays restricted: the JVM warns, as without this
            }
        }
    }

    private static Set<String> jarsIn(Path dir) {
        Set<String> jars = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(p -> jars.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new CliFailure("cannot list the plugins folder " + dir + ": " + e.getMessage(), e);
        }
        return jars;
    }
}
