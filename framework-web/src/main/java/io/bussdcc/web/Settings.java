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
        int maxHttpConnections) {

    /**
     * The type names clients may emit: the classes' names (registering them) and the names
     * given, each of which must be registered.
     *
     * @throws WebInterfaceException naming every unregistered name
     */
    Set<String> resolveAllowFromWeb(MessageTypeRegistry types) {
        Set<String> names = new TreeSet<>();
        for (Class<? extends Message> type : allowFromWebTypes) {
            names.add(types.nameOf(type));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : allowFromWebNames) {
            types.resolve(name).ifPresentOrElse(
                    type -> names.add(types.nameOf(type)), // an alias allows the type under its own name
                    () -> unknown.add(name));
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
