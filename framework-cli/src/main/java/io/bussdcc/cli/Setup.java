package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.runtime.LayeredConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** What several commands share: configuration from flags and files, plugins from a folder. */
final class Setup {

    static final Option CONFIG = Option.value("--config", "FILE", "read configuration from FILE (properties format)");
    static final Option SET = Option.repeatable("--set", "KEY=VALUE",
            "set a configuration key, e.g. --set service.greenhouse.interval=250ms (repeatable)");
    static final Option PLUGINS = Option.value("--plugins", "DIR",
            "also load the plugin jars in DIR (default: the image's plugins folder, next to bin/)");
    /** The image's own plugins folder, which its launcher names; used when {@code --plugins} is not given. */
    static final String IMAGE_PLUGINS_PROPERTY = "io.bussdcc.cli.image-plugins";

    private Setup() {}

    /**
     * The configuration: {@code flags} and {@code --set} first, then system properties
     * {@code bussdcc.*}, then environment variables {@code BUSSDCC_*}, then the {@code --config}
     * file.
     *
     * @throws UsageException if a {@code --set} is not {@code KEY=VALUE}
     */
    static Config config(Arguments args, Map<String, String> flags) throws UsageException {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String setting : args.values(SET.name())) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set needs KEY=VALUE, not '" + setting + "'");
            }
            overrides.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
        }
        overrides.putAll(flags); // a dedicated flag says more than a generic --set
        Path file = args.value(CONFIG.name()).map(Path::of).orElse(null);
        return LayeredConfig.standard(overrides, file);
    }

    /**
     * The boot layer, with the jars of {@code --plugins DIR} in a child layer when given, else
     * those of the image's plugins folder when it holds any.
     */
    static ModuleLayer layer(Arguments args) {
        Optional<Path> dir = args.value(PLUGINS.name()).map(Path::of);
        if (dir.isEmpty()) {
            // The launcher gives IMAGE/bin/../plugins.
            dir = Optional.ofNullable(System.getProperty(IMAGE_PLUGINS_PROPERTY))
                    .map(d -> Path.of(d).toAbsolutePath().normalize()).filter(Setup::holdsJars);
        }
        return dir.map(PluginLayer::load).orElse(ModuleLayer.boot());
    }

    private static boolean holdsJars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false; // absent or unreadable: the image runs without plugins
        }
    }
}
