package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.api.spi.ProviderException;
import io.bussdcc.api.spi.SourceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What {@code replay} and {@code cat} read: the message types every module contributes, and a
 * source for the location from the first {@link SourceProvider} that can read it, configured
 * from {@code source.<name>.*} with the command's bounds and type patterns on top.
 */
final class Recording {

    static final Option FROM = Option.value("--from", "TIME", "only events at or after TIME (ISO-8601; UTC if no offset)");
    static final Option TO = Option.value("--to", "TIME", "only events before TIME");
    static final Option TYPE = Option.repeatable("--type", "NAME",
            "only events of type NAME; NAME* matches a prefix, *NAME a suffix, !NAME excludes (repeatable)");

    final String location;
    final Optional<Instant> from;
    final Optional<Instant> to;
    final TypeFilter types;
    final MessageTypeRegistry registry;
    final ModuleLayer layer;
    final Config config;
    final EventSource source;

    private Recording(String location, Optional<Instant> from, Optional<Instant> to, TypeFilter types,
            MessageTypeRegistry registry, ModuleLayer layer, Config config, EventSource source) {
        this.location = location;
        this.from = from;
        this.to = to;
        this.types = types;
        this.registry = registry;
        this.layer = layer;
        this.config = config;
        this.source = source;
    }

    /**
     * Opens the recording the arguments name.
     *
     * @param flags configuration the command's own flags set (e.g. {@code --out})
     * @throws UsageException on bad bounds or patterns
     * @throws CliFailure     if no provider can read the location, or it fails to
     */
    static Recording open(Arguments args, Map<String, String> flags) throws UsageException {
        String location = args.single("SOURCE (a log folder or file)");
        Optional<Instant> from = bound(args, FROM);
        Optional<Instant> to = bound(args, TO);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new UsageException("--from " + from.get() + " is not before --to " + to.get());
        }
        TypeFilter types = types(args.values(TYPE.name()));
        ModuleLayer layer = Setup.layer(args);
        MessageTypeRegistry registry = registry(layer);

        List<SourceProvider> providers = load(layer, SourceProvider.class);
        SourceProvider provider = providers.stream().filter(p -> p.canRead(location)).findFirst()
                .orElseThrow(() -> new CliFailure(Files.exists(Path.of(location))
                        ? "no source provider can read " + location + " (found: "
                                + String.join(", ", providers.stream().map(SourceProvider::name).toList()) + ")"
                        : location + " does not exist"));
        String prefix = "source." + provider.name() + ".";
        Map<String, String> all = new LinkedHashMap<>(flags);
        from.ifPresent(f -> all.put(prefix + "from", f.toString()));
        to.ifPresent(t -> all.put(prefix + "to", t.toString()));
        if (!types.acceptsAll()) {
            all.put(prefix + "types", types.toString());
        }
        Config config = Setup.config(args, all);
        EventSource source;
        try {
            source = provider.create(location, config.section("source." + provider.name()));
        } catch (Exception e) {
            throw new CliFailure("source '" + provider.name() + "' cannot read " + location + ": " + e.getMessage(), e);
        }
        return new Recording(location, from, to, types, registry, layer, config, source);
    }

    /** The time {@code option} ({@code --from} or {@code --to}) gives, if it is given. */
    private static Optional<Instant> bound(Arguments args, Option option) throws UsageException {
        Optional<String> text = args.value(option.name());
        return text.isPresent() ? Optional.of(TimeBound.parse(option.name(), text.get())) : Optional.empty();
    }

    /** The {@code --type} patterns (docs/type-patterns.md). */
    static TypeFilter types(List<String> patterns) throws UsageException {
        try {
            return TypeFilter.of(patterns);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
    }

    /** Whether {@code event} is within the bounds and type patterns (sources apply them too; this makes sure). */
    boolean within(Event<?> event) {
        return (from.isEmpty() || !event.time().isBefore(from.get()))
                && (to.isEmpty() || event.time().isBefore(to.get()))
                && (types.acceptsAll() || types.accepts(registry.nameOf(event.payload())));
    }

    /** The built-in message types and those every module in {@code layer} contributes. */
    static MessageTypeRegistry registry(ModuleLayer layer) {
        List<DiscoveredProvider<MessageTypeProvider>> providers = discover(layer, MessageTypeProvider.class);
        try {
            return MessageTypeProvider.registerAll(providers, MessageTypeRegistry.withBuiltins());
        } catch (ProviderException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /** Every provider of {@code spi} in {@code layer}; a broken one is an error naming it and its jar. */
    static <S> List<S> load(ModuleLayer layer, Class<S> spi) {
        return discover(layer, spi).stream().map(DiscoveredProvider::provider).toList();
    }

    private static <S> List<DiscoveredProvider<S>> discover(ModuleLayer layer, Class<S> spi) {
        try {
            return DiscoveredProvider.all(spi, ServiceLoader.load(layer, spi));
        } catch (ProviderException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }
}
