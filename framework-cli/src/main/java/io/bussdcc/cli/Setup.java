package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.runtime.LayeredConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What several commands share: configuration from flags and files, plugins from a folder. */
final class Setup {

    static final Option CONFIG = Option.value("--config", "FILE", "read configuration from FILE (properties format)");
    static final Option SET = Option.repeatable("--set", "KEY=VALUE",
            "set a configuration key, e.g. --set service.greenhouse.interval=250ms (repeatable)");
    static final Option PLUGINS = Option.value("--plugins", "DIR", "also load the plugin jars in DIR");

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

    /** The boot layer, with the jars of {@code --plugins DIR} in a child layer when given. */
    static ModuleLayer layer(Arguments args) {
        return args.value(PLUGINS.name()).map(Path::of).map(PluginLayer::load).orElse(ModuleLayer.boot());
    }
}
