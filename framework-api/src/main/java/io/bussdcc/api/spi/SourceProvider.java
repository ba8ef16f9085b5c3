package io.bussdcc.api.spi;

import io.bussdcc.api.Config;
import io.bussdcc.api.EventSource;

/**
 * Reads recorded events from a location (a directory, a file, a URI): what
 * {@code bussdcc replay LOCATION} and {@code bussdcc cat LOCATION} use to find a reader.
 */
public interface SourceProvider {

    /** The provider's stable name, e.g. {@code jsonl}; its configuration is below {@code source.<name>.}. */
    String name();

    /** Whether this provider can read {@code location}. */
    boolean canRead(String location);

    /**
     * Makes a source reading {@code location}.
     *
     * @throws Exception when the location or configuration is unusable
     */
    EventSource create(String location, Config config) throws Exception;
}
