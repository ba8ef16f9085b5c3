package io.bussdcc.replay;

import io.bussdcc.api.Message;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.message.BuiltinMessages;
import io.bussdcc.runtime.replay.EmitFilter;
import io.bussdcc.runtime.replay.Emitter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The replay's rules on what is dispatched, as the runtime's {@link EmitFilter}:
 * <ol>
 *   <li>the runtime's own emits (role {@code RUNTIME}: lifecycle and failure reports) are never
 *       dispatched — they are the replay run's, not the recording's;</li>
 *   <li>components' emits are suppressed, except the types a {@link ReplayAware} component
 *       re-derives; recorded events of re-derived types are dropped from the stream;</li>
 *   <li>the application's own emits ({@code runtime.emit}) are dispatched.</li>
 * </ol>
 */
final class ReplayRules implements EmitFilter {

    private final Consumer<Message> runtimeEvents;
    private final BiConsumer<Emitter, Message> suppressed;
    private final Map<Emitter, List<Class<? extends Message>>> rederivers = new ConcurrentHashMap<>();
    private final Set<Class<? extends Message>> rederived = ConcurrentHashMap.newKeySet();
    private final Map<Class<?>, Boolean> dropCache = new HashMap<>(); // replay thread only

    ReplayRules(Consumer<Message> runtimeEvents, BiConsumer<Emitter, Message> suppressed) {
        this.runtimeEvents = runtimeEvents;
        this.suppressed = suppressed;
    }

    /**
     * Notes a component; if it is {@link ReplayAware}, the types it re-derives.
     *
     * @throws IllegalArgumentException if it names a built-in type, or another re-deriving
     *                                  component already has its role and name
     * @throws NullPointerException     if it returns or names null
     */
    void register(Emitter.Role role, String name, Object component) {
        if (!(component instanceof ReplayAware)) {
            return;
        }
        Set<Class<? extends Message>> types = check(role, name, component);
        Emitter emitter = new Emitter(role, name);
        if (rederivers.putIfAbsent(emitter, List.copyOf(types)) != null) {
            throw new IllegalArgumentException("two replay-aware " + role.name().toLowerCase(Locale.ROOT)
                    + "s are named '" + name + "'; give them distinct names so their emits can be told apart");
        }
        rederived.addAll(types);
    }

    /**
     * The types a component re-derives (none unless it is {@link ReplayAware}), checked.
     *
     * @throws IllegalArgumentException if it names a built-in (runtime) message type
     * @throws NullPointerException     if it returns or names null
     */
    static Set<Class<? extends Message>> check(Emitter.Role role, String name, Object component) {
        if (!(component instanceof ReplayAware aware)) {
            return Set.of();
        }
        Set<Class<? extends Message>> types = aware.rederives();
        Objects.requireNonNull(types, () -> role + " '" + name + "' returned null from rederives()");
        for (Class<? extends Message> type : types) {
            Objects.requireNonNull(type, () -> role + " '" + name + "' re-derives a null type");
            if (BuiltinMessages.TYPES.contains(type) || type == Message.class) {
                throw new IllegalArgumentException(role.name().toLowerCase(Locale.ROOT) + " '" + name
                        + "' cannot re-derive " + type.getName() + ": the runtime's own lifecycle and failure reports"
                        + " are never re-derived in a replay (the recorded ones are replayed as they are)");
            }
        }
        return types;
    }

    /** Whether some component re-derives the type of this recorded payload, so the recording's copy is dropped. */
    boolean dropsRecorded(Message payload) {
        if (rederived.isEmpty() || payload instanceof RawMessage) {
            return false;
        }
        return dropCache.computeIfAbsent(payload.getClass(), this::isRederived);
    }

    private boolean isRederived(Class<?> type) {
        for (Class<? extends Message> t : rederived) {
            if (t.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean admit(Emitter emitter, Message message) {
        switch (emitter.role()) {
            case APPLICATION -> {
                return true;
            }
            case RUNTIME -> {
                runtimeEvents.accept(message);
                return false;
            }
            default -> {
                List<Class<? extends Message>> types = rederivers.get(emitter);
                if (types != null) {
                    for (Class<? extends Message> type : types) {
                        if (type.isInstance(message)) {
                            return true;
                        }
                    }
                }
                suppressed.accept(emitter, message);
                return false;
            }
        }
    }
}
