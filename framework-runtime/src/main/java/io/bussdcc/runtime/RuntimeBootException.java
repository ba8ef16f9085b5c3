package io.bussdcc.runtime;

/**
 * The runtime could not boot: a sink, process or interface failed to start. By the time this is
 * thrown, everything that had started has been stopped again and, if the boot had emitted
 * {@code RuntimeBooting} (a process or interface failed), {@code RuntimeShutdown} has been
 * emitted too: the runtime is never left half up.
 */
public final class RuntimeBootException extends RuntimeException {

    public RuntimeBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
