package io.bussdcc.runtime;

import io.bussdcc.api.StatePathConflictException;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.Subscription;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The state store: a tree of branches ({@link LinkedHashMap}s) and leaf values behind one lock.
 *
 * <p>Every operation holds the lock only for its work on the tree ({@code update} also while
 * its function runs); change listeners run after it is released, in the order of the changes
 * on each thread.
 */
public final class HierarchicalStateStore implements StateStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Branch root = new Branch();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void set(String path, Object value) {
        String[] keys = parse(path);
        Object old;
        lock.lock();
        try {
            old = store(path, keys, value);
        } finally {
            lock.unlock();
        }
        notifyChange(path, old, value);
    }

    @Override
    public Optional<Object> get(String path) {
        String[] keys = parse(path);
        lock.lock();
        try {
            Object node = root;
            for (String key : keys) {
                if (!(node instanceof Branch branch)) {
                    return Optional.empty();
                }
                node = branch.get(key);
            }
            return Optional.ofNullable(node instanceof Branch branch ? freeze(branch) : node);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Object update(String path, UnaryOperator<Object> fn) {
        Objects.requireNonNull(fn, "fn");
        String[] keys = parse(path);
        Object old;
        Object value;
        lock.lock();
        try {
            Map<String, Object> parent = branchFor(path, keys, false);
            Object current = parent == null ? null : parent.get(keys[keys.length - 1]);
            old = current instanceof Branch branch ? freeze(branch) : current;
            value = fn.apply(old);
            store(path, keys, value);
        } finally {
            lock.unlock();
        }
        notifyChange(path, old, value);
        return value;
    }

    @Override
    public boolean remove(String path) {
        String[] keys = parse(path);
        Object old;
        lock.lock();
        try {
            old = store(path, keys, null);
        } finally {
            lock.unlock();
        }
        if (old == null) {
            return false;
        }
        notifyChange(path, old, null);
        return true;
    }

    @Override
    public Map<String, Object> snapshot() {
        lock.lock();
        try {
            return freeze(root);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Subscription onChange(String pathPrefix, StateListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!pathPrefix.isEmpty()) {
            parse(pathPrefix);
        }
        Listener registration = new Listener(pathPrefix, listener);
        listeners.add(registration);
        return registration;
    }

    @Override
    public String toString() {
        return "HierarchicalStateStore" + snapshot();
    }

    /** Stores or (for null) removes; returns what was there (a frozen copy for a branch). */
    private Object store(String path, String[] keys, Object value) {
        Object node = value == null ? null : toNode(value); // may refuse the value: before any change
        Map<String, Object> parent = branchFor(path, keys, node != null);
        if (parent == null) {
            return null;
        }
        String leaf = keys[keys.length - 1];
        Object old = node == null ? parent.remove(leaf) : parent.put(leaf, node);
        if (node == null && parent.isEmpty()) {
            pruneEmptyBranches(keys);
        }
        return old instanceof Branch branch ? freeze(branch) : old;
    }

    /** After a removal, drops the branches on the path that it left empty: removing leaves no residue. */
    private void pruneEmptyBranches(String[] keys) {
        for (int depth = keys.length - 1; depth > 0; depth--) {
            Map<String, Object> node = root;
            for (int i = 0; i < depth - 1; i++) {
                node = (Branch) node.get(keys[i]);
            }
            if (node.get(keys[depth - 1]) instanceof Branch b && b.isEmpty()) {
                node.remove(keys[depth - 1]);
            } else {
                return;
            }
        }
    }

    /**
     * The branch holding the last key of {@code keys}, created if {@code create}; {@code null}
     * when absent and not created.
     */
    private Map<String, Object> branchFor(String path, String[] keys, boolean create) {
        Map<String, Object> node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            Object next = node.get(keys[i]);
            if (next == null) {
                if (!create) {
                    return null;
                }
                next = new Branch();
                node.put(keys[i], next);
            } else if (!(next instanceof Branch)) {
                throw new StatePathConflictException(path, String.join(".", List.of(keys).subList(0, i + 1)));
            }
            node = (Branch) next;
        }
        return node;
    }

    /** Maps become branches (copied, so later changes to the caller's map do not leak in). */
    private static Object toNode(Object value) {
        if (value instanceof Map<?, ?> map) {
            Branch branch = new Branch();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (key.isEmpty() || key.indexOf('.') >= 0) {
                    throw new IllegalArgumentException("state key '" + key + "' must be non-empty and have no dots");
                }
                if (v != null) {
                    branch.put(key, toNode(v));
                }
            });
            return branch;
        }
        return value;
    }

    private static Map<String, Object> freeze(Map<String, Object> branch) {
        Map<String, Object> copy = new LinkedHashMap<>(branch.size() * 2);
        branch.forEach((k, v) -> copy.put(k, v instanceof Branch b ? freeze(b) : v));
        return Collections.unmodifiableMap(copy);
    }

    private void notifyChange(String path, Object old, Object value) {
        if (Objects.equals(old, value)) {
            return;
        }
        for (Listener l : listeners) {
            if (l.matches(path)) {
                l.listener.changed(path, old, value);
            }
        }
    }

    private static String[] parse(String path) {
        Objects.requireNonNull(path, "path");
        String[] keys = path.split("\\.", -1);
        for (String key : keys) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("state path '" + path
                        + "' is not a dot path: segments must be non-empty (e.g. system.identity.hostname)");
            }
        }
        return keys;
    }

    /** A branch of the tree. Maps given as values are copied into branches, so every map in the tree is one. */
    private static final class Branch extends LinkedHashMap<String, Object> {}

    private final class Listener implements Subscription {
        final String prefix;
        final StateListener listener;
        private volatile boolean active = true;

        Listener(String prefix, StateListener listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        boolean matches(String path) {
            return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + ".")
                    || prefix.startsWith(path + ".");
        }

        @Override
        public void cancel() {
            active = false;
            listeners.remove(this);
        }

        @Override
        public boolean isActive() {
            return active;
        }
    }
}
