package io.bussdcc.web;

/**
 * A web interface cannot start: its address cannot be bound (a busy port), an allowed-from-web
 * type is not registered, or a plugin is broken. The message says which.
 */
public final class WebInterfaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}, which says what cannot start and why. */
    public WebInterfaceException(String message) {
        super(message);
    }

    /** An exception with {@code message}, caused by {@code cause}. */
    public WebInterfaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
