package io.bussdcc.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Finds the bussdcc modules present and their versions. */
final class FrameworkModules {

    /** Module names of this project start with this. */
    static final String PREFIX = "io.bussdcc.";
    static final String UNKNOWN = "unknown";

    private FrameworkModules() {}

    /** The {@code io.bussdcc.*} modules this JVM runs: see {@link #find(ModuleLayer, ClassLoader)}. */
    static Map<String, String> present() {
        Module self = FrameworkModules.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        ClassLoader loader = FrameworkModules.class.getClassLoader();
        return find(layer, loader);
    }

    /**
     * The {@code io.bussdcc.*} modules of {@code layer} and its parents (the module path, and a
     * plugin layer if this module was loaded in one), then those whose jars {@code loader} sees
     * on the class path: a modular jar keeps its {@code module-info.class} there, version
     * included. Name to version, sorted; {@value #UNKNOWN} for a module built without one.
     */
    static Map<String, String> find(ModuleLayer layer, ClassLoader loader) {
        Map<String, String> versions = new TreeMap<>();
        Deque<ModuleLayer> layers = new ArrayDeque<>();
        Set<ModuleLayer> seen = new HashSet<>();
        if (layer != null) {
            layers.add(layer);
        }
        while (!layers.isEmpty()) {
            ModuleLayer next = layers.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            for (Module module : next.modules()) {
                record(versions, module.getDescriptor());
            }
            layers.addAll(next.parents());
        }
        if (loader != null) {
            fromClassPath(versions, loader);
        }
        return versions;
    }

    private static void fromClassPath(Map<String, String> versions, ClassLoader loader) {
        Enumeration<URL> descriptors;
        try {
            descriptors = loader.getResources("module-info.class");
        } catch (IOException e) {
            return; // the class path cannot be listed: report what the layers said
        }
        while (descriptors.hasMoreElements()) {
            URL url = descriptors.nextElement();
            try (InputStream in = url.openStream()) {
                record(versions, ModuleDescriptor.read(in));
            } catch (IOException | UncheckedIOException | InvalidModuleDescriptorException unreadable) {
                // a damaged jar is not this module's to report; the others still count
            }
        }
    }

    private static void record(Map<String, String> versions, ModuleDescriptor descriptor) {
        if (descriptor != null && descriptor.name().startsWith(PREFIX)) {
            versions.putIfAbsent(descriptor.name(), descriptor.rawVersion().orElse(UNKNOWN));
        }
    }
}
