package io.bussdcc.runtime;

import io.bussdcc.api.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** The objects a runtime's components share ({@link Context#shared}): one per type, closed at shutdown, last made first. */
final class SharedObjects {

    private static final System.Logger LOG = System.getLogger(SharedObjects.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Class<?>, Object> objects = new LinkedHashMap<>();
    private final Set<Class<?>> making = new HashSet<>();
    private boolean closed;

    <T> T get(Class<T> type, Function<? super Context, ? extends T> create, Context ctx) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(create, "create");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the runtime has shut down; its shared " + type.getName() + " is closed");
            }
            Object existing = objects.get(type);
            if (existing != null) {
                return type.cast(existing);
            }
            if (!making.add(type)) {
                throw new IllegalStateException("making the shared " + type.getName() + " asked for it again");
            }
            try {
                T made = Objects.requireNonNull(create.apply(ctx), () -> "the function making the shared "
                        + type.getName() + " returned null");
                objects.put(type, type.cast(made));
                return made;
            } finally {
                making.remove(type);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes every {@link AutoCloseable} object, the last made first; failures are logged. */
    void closeAll() {
        List<Object> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(objects.values());
            objects.clear();
        } finally {
            lock.unlock();
        }
        for (Object o : toClose.reversed()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing the shared " + o.getClass().getName() + " failed", e);
                }
            }
        }
    }
}
