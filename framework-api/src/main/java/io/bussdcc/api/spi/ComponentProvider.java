package io.bussdcc.api.spi;

import io.bussdcc.api.Config;

/**
 * Makes one component of a runtime composed from the module path. Found with
 * {@link java.util.ServiceLoader} through one of the interfaces that extend this one.
 *
 * <p>The runtime enables a provider unless its configuration says {@code enabled=false} (or,
 * for providers not {@linkplain #enabledByDefault() enabled by default}, unless it says
 * {@code enabled=true}), then calls {@link #create} with the provider's own configuration
 * section: for a sink provider named {@code jsonl}, the keys below {@code sink.jsonl.}.
 *
 * @param <T> what the provider makes
 */
public interface ComponentProvider<T> {

    /** The provider's stable name, used in configuration keys; lower case, no dots. */
    String name();

    /** Whether the runtime enables this provider when the configuration does not say. */
    default boolean enabledByDefault() {
        return true;
    }

    /**
     * Makes the component. Read every key the provider understands here (asking for one that is
     * not set counts): a composed runtime refuses a key below the section that {@code create}
     * did not ask for, as a typo, naming the closest key it did; listing a section's
     * {@link Config#keys() keys()} takes every key below that section (for pass-through settings).
     *
     * @param config the provider's configuration section
     * @throws Exception when the configuration is unusable; the runtime reports it naming the
     *                   provider and its module
     */
    T create(Config config) throws Exception;
}
