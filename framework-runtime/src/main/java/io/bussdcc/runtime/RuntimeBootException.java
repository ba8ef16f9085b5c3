package io.bussdcc.runtime;

/**
 * The runtime could not boot: a sink, process or interface failed to start. By the time this is
 * thrown, everything that had started has been stopped again and {@code RuntimeShutdown} has
 * been emitted: the runtime is never left half up.
 */
public final class RuntimeBootException extends RuntimeException {

    public RuntimeBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
