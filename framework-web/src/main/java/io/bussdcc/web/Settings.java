package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.web.spi.WebPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A web interface's settings, as the builder made them. */
record Settings(
        String name,
        String host,
        int port,
        String token,
        Set<Class<? extends Message>> allowFromWebTypes,
        Set<String> allowFromWebNames,
        Set<String> allowedOrigins,
        int maxFrameSize,
        long maxBodySize,
        int queueSize,
        boolean discoverPlugins,
        List<WebPlugin> plugins,
        Duration idleTimeout,
        Set<String> allowedHosts,
        int maxConnections,
        int maxPatterns,
        int maxHttpConnections,
        Boolean requireToken,
        boolean protectReads,
        java.nio.file.Path tlsKeystore,
        String tlsPassword) {

    /** The framework's own messages, which no web client may emit (a forged ServiceFailure or RuntimeShutdown). */
    static final Set<Class<? extends Message>> FRAMEWORK_TYPES = frameworkTypes();

    private static Set<Class<? extends Message>> frameworkTypes() {
        Set<Class<? extends Message>> all = new java.util.HashSet<>(io.bussdcc.api.message.BuiltinMessages.TYPES);
        all.add(WebInterfaceStarted.class);
        all.add(FromWeb.class);
        return Set.copyOf(all);
    }

    /**
     * The type names clients may emit: the classes' names (registering them) and the names
     * given, each of which must be registered.
     *
     * @throws WebInterfaceException naming every unregistered name, or every framework type
     */
    Set<String> resolveAllowFromWeb(MessageTypeRegistry types) {
        Set<String> names = new TreeSet<>();
        List<String> framework = new ArrayList<>();
        for (Class<? extends Message> type : allowFromWebTypes) {
            names.add(types.nameOf(type));
            if (FRAMEWORK_TYPES.contains(type)) {
                framework.add(types.nameOf(type));
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : allowFromWebNames) {
            types.resolve(name).ifPresentOrElse(
                    type -> {
                        names.add(types.nameOf(type)); // an alias allows the type under its own name
                        if (FRAMEWORK_TYPES.contains(type)) {
                            framework.add(name);
                        }
                    },
                    () -> unknown.add(name));
        }
        if (!framework.isEmpty()) {
            throw new WebInterfaceException("web interface '" + name + "': allow-from-web names "
                    + String.join(", ", framework) + ", which " + (framework.size() == 1 ? "is a" : "are")
                    + " framework type" + (framework.size() == 1 ? "" : "s") + " (lifecycle, failures, shutdown):"
                    + " only the runtime emits those; allow your application's own request types instead");
        }
        if (!unknown.isEmpty()) {
            throw new WebInterfaceException("web interface '" + name + "': allow-from-web names "
                    + String.join(", ", unknown) + ", which " + (unknown.size() == 1 ? "is" : "are")
                    + " not a registered message type; register the type(s) with the runtime's MessageTypeRegistry "
                    + "or a MessageTypeProvider");
        }
        return Set.copyOf(names);
    }
}
