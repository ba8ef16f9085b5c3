package io.bussdcc.api;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Thread-safe hierarchical state, addressed by dot paths such as
 * {@code system.identity.hostname}.
 *
 * <p>A path is one or more non-empty segments separated by dots. Each segment names either a
 * branch (holding further segments) or a leaf (holding a value). Setting a {@link Map} stores
 * it as a branch, so its entries become reachable by path. Values should be immutable
 * (strings, numbers, records, immutable collections): {@link #snapshot()} copies branches, not
 * leaf values.
 *
 * <p>Storing below a leaf — {@code a.b.c} when {@code a.b} holds a value — is a path conflict
 * and throws {@link StatePathConflictException}; nothing is changed.
 */
public interface StateStore {

    /**
     * Stores {@code value} at {@code path}, creating branches as needed; {@code null} removes
     * the path.
     */
    void set(String path, Object value);

    /** The value or branch (as an immutable map) at {@code path}, if any. */
    Optional<Object> get(String path);

    /** The value at {@code path}, or {@code fallback} when the path holds nothing. */
    default Object get(String path, Object fallback) {
        return get(path).orElse(fallback);
    }

    /**
     * Atomically replaces the value at {@code path} with {@code fn(old)}, where {@code old} is
     * {@code null} when the path holds nothing. No other change to the store happens between
     * reading {@code old} and storing the result.
     *
     * @return the new value ({@code null} removes the path)
     */
    Object update(String path, UnaryOperator<Object> fn);

    /** Removes {@code path} and everything below it; whether anything was there to remove. */
    boolean remove(String path);

    /** An immutable deep copy of the whole tree; branch keys keep their insertion order. */
    Map<String, Object> snapshot();

    /**
     * Calls {@code listener} after every change at or below {@code pathPrefix} ({@code ""} for
     * every change), and after every change to a branch above it, which replaces or removes
     * what the prefix holds. Listeners run on the changing thread, after the store's lock is
     * released.
     */
    Subscription onChange(String pathPrefix, StateListener listener);

    /** Receives state changes. */
    @FunctionalInterface
    interface StateListener {

        /**
         * Called after a change.
         *
         * @param path     the path that changed
         * @param oldValue what it held before ({@code null} if nothing)
         * @param newValue what it holds now ({@code null} if removed)
         */
        void changed(String path, Object oldValue, Object newValue);
    }
}
