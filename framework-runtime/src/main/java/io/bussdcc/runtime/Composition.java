package io.bussdcc.runtime;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Device;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.spi.ComponentProvider;
import io.bussdcc.api.spi.DeviceProvider;
import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.InterfaceProvider;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.api.spi.ProcessProvider;
import io.bussdcc.api.spi.ProviderException;
import io.bussdcc.api.spi.ServiceProvider;
import io.bussdcc.api.spi.SinkProvider;
import io.bussdcc.api.spi.SourceProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * A runtime's components as found through {@link ServiceLoader}: every provider on the module
 * path (or class path), enabled or not by configuration, and what the enabled ones made.
 *
 * <pre>{@code
 * Config config = LayeredConfig.standard(Map.of(), Path.of("bussdcc.properties"));
 * Composition composition = Composition.discover(ModuleLayer.boot(), config);
 * composition.report().forEach(System.out::println);
 * Runtime runtime = Runtime.builder().config(config).build();
 * composition.addTo(runtime);
 * runtime.run();
 * }</pre>
 *
 * <p>A provider of kind {@code K} named {@code N} is enabled unless {@code K.N.enabled} says
 * {@code false} (or, for a provider not enabled by default, unless it says {@code true}), and is
 * configured from the section {@code K.N}. Kinds: {@code sink}, {@code process},
 * {@code interface}, {@code service}, {@code device}; {@code source} providers are listed for
 * readers of logs and message-type providers are always applied.
 *
 * <p>Anything wrong is one {@link CompositionException} naming the provider, its module and its
 * jar: a provider class that cannot be loaded or created, a provider whose {@code create} fails,
 * two providers of one kind with one name, configuration that names a provider nobody provides.
 */
public final class Composition {

    private final List<ProviderReport> report;
    private final List<EventSink> sinks;
    private final List<Process> processes;
    private final List<Process> interfaces;
    private final List<Service> services;
    private final List<Device> devices;
    private final List<DiscoveredProvider<MessageTypeProvider>> messageTypes;
    private final List<SourceProvider> sources;

    private Composition(Discovery d) {
        this.report = List.copyOf(d.report);
        this.sinks = List.copyOf(d.sinks);
        this.processes = List.copyOf(d.processes);
        this.interfaces = List.copyOf(d.interfaces);
        this.services = List.copyOf(d.services);
        this.devices = List.copyOf(d.devices);
        this.messageTypes = List.copyOf(d.messageTypes);
        this.sources = List.copyOf(d.sources);
    }

    /** Discovers the providers visible in {@code layer} and its parents (the module path). */
    public static Composition discover(ModuleLayer layer, Config config) {
        return new Composition(new Discovery(config, new Loader() {
            @Override
            public <S> ServiceLoader<S> load(Class<S> spi) {
                return ServiceLoader.load(layer, spi);
            }
        }).run());
    }

    /** Discovers the providers visible to {@code loader} (the class path, through {@code META-INF/services}). */
    public static Composition discover(ClassLoader loader, Config config) {
        return new Composition(new Discovery(config, new Loader() {
            @Override
            public <S> ServiceLoader<S> load(Class<S> spi) {
                return ServiceLoader.load(spi, loader);
            }
        }).run());
    }

    /** Every provider found, enabled or not, in discovery order. */
    public List<ProviderReport> report() {
        return report;
    }

    /** The source providers found, for finding a reader of a log. */
    public List<SourceProvider> sources() {
        return sources;
    }

    /** The source provider that can read {@code location}, if any. */
    public Optional<SourceProvider> sourceFor(String location) {
        return sources.stream().filter(s -> s.canRead(location)).findFirst();
    }

    /**
     * Registers the discovered message types with the runtime, adds every enabled component to
     * it, and records the discovery report in its state: under {@code runtime.providers.KIND}, a
     * list of {@code {name, enabled, class, module, location}}, one per provider of that kind.
     */
    public Runtime addTo(Runtime runtime) {
        try {
            MessageTypeProvider.registerAll(messageTypes, runtime.messageTypes());
        } catch (ProviderException e) {
            throw new CompositionException(e.getMessage(), e);
        }
        sinks.forEach(runtime::addSink);
        devices.forEach(runtime::addDevice);
        processes.forEach(runtime::addProcess);
        interfaces.forEach(runtime::addInterface);
        services.forEach(runtime::addService);
        // One list per kind: a provider's name may hold dots (a types provider is named by its
        // class), which as a path would split it into nested branches.
        Map<String, List<Map<String, Object>>> byKind = new LinkedHashMap<>();
        for (ProviderReport r : report) {
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(Map.of(
                    "name", r.name(),
                    "enabled", r.enabled(),
                    "class", r.providerClass(),
                    "module", r.module(),
                    "location", r.location()));
        }
        byKind.forEach((kind, providers) -> runtime.state().set("runtime.providers." + kind, List.copyOf(providers)));
        return runtime;
    }

    /** Finds providers of one SPI, wherever they are. */
    private interface Loader {
        <S> ServiceLoader<S> load(Class<S> spi);
    }

    /** One discovery run. */
    private static final class Discovery {
        private static final Set<String> KINDS = Set.of("sink", "process", "interface", "service", "device", "source");

        final Config config;
        final Loader loader;
        final List<ProviderReport> report = new ArrayList<>();
        final List<EventSink> sinks = new ArrayList<>();
        final List<Process> processes = new ArrayList<>();
        final List<Process> interfaces = new ArrayList<>();
        final List<Service> services = new ArrayList<>();
        final List<Device> devices = new ArrayList<>();
        final List<DiscoveredProvider<MessageTypeProvider>> messageTypes = new ArrayList<>();
        final List<SourceProvider> sources = new ArrayList<>();
        final Map<String, ProviderReport> byKindAndName = new LinkedHashMap<>();

        Discovery(Config config, Loader loader) {
            this.config = config;
            this.loader = loader;
        }

        Discovery run() {
            components("sink", SinkProvider.class, sinks);
            components("device", DeviceProvider.class, devices);
            components("process", ProcessProvider.class, processes);
            components("interface", InterfaceProvider.class, interfaces);
            components("service", ServiceProvider.class, services);
            for (DiscoveredProvider<SourceProvider> found : find(SourceProvider.class)) {
                String name = checkedName("source", found.provider().name(), found);
                register("source", name, found, true, "reads logs");
                sources.add(found.provider());
            }
            for (DiscoveredProvider<MessageTypeProvider> found : find(MessageTypeProvider.class)) {
                String name = found.type().getName();
                register("types", name, found, true, "message types");
                messageTypes.add(found);
            }
            rejectUnknownProviders();
            return this;
        }

        private <T, P extends ComponentProvider<? extends T>> void components(String kind, Class<P> spi, List<T> into) {
            for (DiscoveredProvider<P> found : find(spi)) {
                P provider = found.provider();
                String name = checkedName(kind, provider.name(), found);
                String enabledKey = kind + "." + name + ".enabled";
                boolean enabled;
                try {
                    enabled = config.getBoolean(enabledKey, provider.enabledByDefault());
                } catch (ConfigException e) {
                    throw new CompositionException(e.getMessage(), e);
                }
                String detail = config.get(enabledKey).isPresent()
                        ? (enabled ? "enabled" : "disabled") + " by " + config.originOf(enabledKey)
                        : (enabled ? "enabled by default" : "not enabled by default; set " + enabledKey + "=true");
                register(kind, name, found, enabled, detail);
                if (enabled) {
                    into.add(create(kind, name, found));
                }
            }
        }

        private <T> T create(String kind, String name, DiscoveredProvider<? extends ComponentProvider<? extends T>> found) {
            T component;
            try {
                component = found.provider().create(config.section(kind + "." + name));
            } catch (Exception | LinkageError e) {
                throw new CompositionException(kind + " provider '" + name + "' (" + found.origin()
                        + ") failed to create its " + kind + ": " + Failures.describe(e), e);
            }
            if (component == null) {
                throw new CompositionException(kind + " provider '" + name + "' (" + found.origin() + ") created nothing");
            }
            return component;
        }

        private void register(String kind, String name, DiscoveredProvider<?> found, boolean enabled, String detail) {
            ProviderReport entry = new ProviderReport(kind, name, found.type().getName(), found.moduleName(),
                    found.location(), enabled, detail);
            ProviderReport previous = byKindAndName.putIfAbsent(kind + "." + name, entry);
            if (previous != null) {
                throw new CompositionException("two " + kind + " providers are named '" + name + "': "
                        + previous.providerClass() + " (" + previous.origin() + ") and "
                        + entry.providerClass() + " (" + entry.origin() + "); remove one of the jars");
            }
            report.add(entry);
        }

        private String checkedName(String kind, String name, DiscoveredProvider<?> found) {
            if (name == null || name.isBlank() || name.contains(".")) {
                throw new CompositionException(kind + " provider " + found.type().getName() + " (" + found.origin()
                        + ") has the name '" + name + "'; provider names must be non-empty and have no dots");
            }
            return name;
        }

        /** Configuration naming a provider that nobody provides is a mistake worth stopping for. */
        private void rejectUnknownProviders() {
            Set<String> unknown = new TreeSet<>();
            for (String key : config.keys()) {
                String[] parts = key.split("\\.", 3);
                if (parts.length == 3 && KINDS.contains(parts[0])
                        && !byKindAndName.containsKey(parts[0] + "." + parts[1])) {
                    unknown.add(parts[0] + " '" + parts[1] + "' (" + config.originOf(key) + ")");
                }
            }
            if (!unknown.isEmpty()) {
                Set<String> known = new TreeSet<>(byKindAndName.keySet());
                throw new CompositionException("the configuration names providers that were not found: "
                        + String.join(", ", unknown) + "; found: " + known);
            }
        }

        /** The one discovery policy (fail fast, naming the jar): {@link DiscoveredProvider#all}. */
        private <S> List<DiscoveredProvider<S>> find(Class<S> spi) {
            try {
                return DiscoveredProvider.all(spi, loader.load(spi));
            } catch (ProviderException e) {
                throw new CompositionException(e.getMessage(), e);
            }
        }
    }
}
