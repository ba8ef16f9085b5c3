package io.bussdcc.runtime;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.EventCounts;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.Subscription;
import io.bussdcc.runtime.replay.Emitter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The context one component (or the application) sees: the runtime's, emitting as that
 * component. Subscriptions taken through a component's context end when the component stops.
 */
class ComponentContext implements Context {

    final Runtime runtime;
    final Emitter emitter;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    ComponentContext(Runtime runtime, Emitter emitter) {
        this.runtime = runtime;
        this.emitter = emitter;
    }

    @Override
    public Clock clock() {
        return runtime.clock();
    }

    @Override
    public StateStore state() {
        return runtime.state();
    }

    @Override
    public Config config() {
        return runtime.config();
    }

    @Override
    public MessageTypeRegistry messageTypes() {
        return runtime.messageTypes();
    }

    @Override
    public RuntimeMode mode() {
        return runtime.mode();
    }

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void emit(Message message) {
        runtime.dispatcher.emit(emitter, message);
    }

    @Override
    public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler) {
        Subscription inner = runtime.dispatcher.subscribe(type, handler);
        if (emitter.role() == Emitter.Role.APPLICATION) {
            return inner; // the application's subscriptions last as long as the runtime
        }
        Subscription owned = new Owned(inner);
        subscriptions.add(owned);
        return owned;
    }

    /** Ends every subscription taken through this context: its component has stopped. */
    void endSubscriptions() {
        for (Subscription s : subscriptions) {
            s.cancel();
        }
    }

    @Override
    public ServiceControl services() {
        return runtime.services();
    }

    @Override
    public List<DeviceInfo> devices() {
        return runtime.devices();
    }

    @Override
    public <D> Optional<D> device(String id, Class<D> type) {
        return runtime.device(id, type);
    }

    @Override
    public void attachDevice(Device device) {
        runtime.attachDevice(device);
    }

    @Override
    public boolean detachDevice(String id) {
        return runtime.detachDevice(id);
    }

    @Override
    public void requestShutdown(String reason) {
        runtime.lifecycle.requestShutdown(reason);
    }

    @Override
    public void reportFailure(String reason) {
        runtime.lifecycle.fail(emitter.role().name().toLowerCase(Locale.ROOT) + " '" + emitter.name() + "': " + reason);
    }

    @Override
    public Map<String, Health> health() {
        return runtime.health();
    }

    @Override
    public EventCounts eventCounts() {
        return runtime.eventCounts();
    }

    @Override
    public <T> T shared(Class<T> type, Function<? super Context, ? extends T> create) {
        return runtime.shared.get(type, create, this);
    }

    @Override
    public String toString() {
        return "Context of " + emitter.role().name().toLowerCase(Locale.ROOT) + " '" + emitter.name() + "'";
    }

    /** A subscription of this context's component, forgotten once cancelled. */
    private final class Owned implements Subscription {
        private final Subscription inner;

        Owned(Subscription inner) {
            this.inner = inner;
        }

        @Override
        public void cancel() {
            inner.cancel();
            subscriptions.remove(this);
        }

        @Override
        public boolean isActive() {
            return inner.isActive();
        }

        @Override
        public String toString() {
            return inner + " of " + emitter.role().name().toLowerCase(Locale.ROOT) + " '" + emitter.name() + "'";
        }
    }
}
