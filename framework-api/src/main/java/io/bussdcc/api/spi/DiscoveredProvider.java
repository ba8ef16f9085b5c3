package io.bussdcc.api.spi;

import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A provider that {@link ServiceLoader} found, with the class it came from, so that reports and
 * errors can name its module and jar.
 *
 * <p>{@link #all} is bussdcc's one discovery policy, used by the runtime's composition, the
 * JSONL module and the CLI alike: a provider that cannot be loaded or created <b>fails
 * fast</b> with a {@link ProviderException} naming it, its module and its jar. It is never
 * logged and skipped: a skipped provider's types or components would be missing without
 * anyone noticing, and a log would then be read with its events as raw messages.
 *
 * @param provider the provider instance
 * @param type     its class
 * @param <S>      the service interface
 */
public record DiscoveredProvider<S>(S provider, Class<?> type) {

    /** Checks that neither part is null. */
    public DiscoveredProvider {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Every provider {@code loader} finds, created, in its order. The loader must come from the
     * calling module ({@code ServiceLoader.load} checks that that module {@code uses spi}).
     *
     * @param spi    the service interface, for messages
     * @param loader where the providers come from
     * @throws ProviderException naming the first provider that cannot be loaded or created
     */
    public static <S> List<DiscoveredProvider<S>> all(Class<S> spi, ServiceLoader<S> loader) {
        List<DiscoveredProvider<S>> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<S>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<S> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                throw new ProviderException("a " + spi.getSimpleName() + " could not be loaded: " + e.getMessage(), e);
            }
            Class<? extends S> type = p.type();
            S provider;
            try {
                provider = p.get();
            } catch (ServiceConfigurationError | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ProviderException(spi.getSimpleName() + " " + type.getName() + " (" + origin(type)
                        + ") could not be created: " + describe(cause), e);
            }
            found.add(new DiscoveredProvider<>(provider, type));
        }
        return found;
    }

    /** The provider's module name, or {@code "class path"}. */
    public String moduleName() {
        return type.getModule().isNamed() ? type.getModule().getName() : "class path";
    }

    /** Where the provider's class was loaded from: its jar or folder, as a URI. */
    public String location() {
        return location(type);
    }

    /** {@code module M, LOCATION} (or {@code class path, LOCATION}), for messages. */
    public String origin() {
        return origin(type);
    }

    /** {@code module M, LOCATION} of any class, for messages. */
    public static String origin(Class<?> type) {
        String module = type.getModule().isNamed() ? "module " + type.getModule().getName() : "class path";
        return module + ", " + location(type);
    }

    /** Where {@code type} was loaded from: its module's location in its layer, else its code source. */
    public static String location(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed() && module.getLayer() != null) {
            Optional<String> fromLayer = module.getLayer().configuration().findModule(module.getName())
                    .map(ResolvedModule::reference)
                    .flatMap(ref -> ref.location())
                    .map(URI::toString);
            if (fromLayer.isPresent()) {
                return fromLayer.get();
            }
        }
        return Optional.ofNullable(type.getProtectionDomain().getCodeSource())
                .map(CodeSource::getLocation).map(URL::toString).orElse("unknown location");
    }

    /** One line naming a failure: {@code java.lang.IllegalStateException: boom}. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getName();
        return message == null ? name : name + ": " + message;
    }
}
