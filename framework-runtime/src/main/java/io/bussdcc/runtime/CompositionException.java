package io.bussdcc.runtime;

/** A runtime could not be composed from its providers; the message names the provider, its module and jar. */
public final class CompositionException extends RuntimeException {

    public CompositionException(String message, Throwable cause) {
        super(message, cause);
    }

    public CompositionException(String message) {
        super(message);
    }
}
