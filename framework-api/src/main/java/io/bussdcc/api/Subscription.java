package io.bussdcc.api;

/** A registration that can be undone. Cancelling twice is harmless. */
public interface Subscription extends AutoCloseable {

    /** Stops delivery; takes effect for events emitted after this call returns. */
    void cancel();

    /** Whether delivery is still on. */
    boolean isActive();

    /** Same as {@link #cancel()}, for try-with-resources. */
    @Override
    default void close() {
        cancel();
    }
}
