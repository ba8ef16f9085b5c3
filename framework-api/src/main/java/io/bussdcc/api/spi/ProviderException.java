package io.bussdcc.api.spi;

/**
 * A provider could not be loaded, created or applied; the message names the provider class,
 * its module and its jar (see {@link DiscoveredProvider#all}).
 */
public final class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure whose message says what failed and where it came from. */
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
