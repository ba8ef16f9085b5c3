package io.bussdcc.runtime;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.Subscription;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The context one component (or the application) sees: the runtime's, emitting as that component. */
class ComponentContext implements Context {

    final Runtime runtime;
    final Emitter emitter;

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
        return Runtime.version();
    }

    @Override
    public void emit(Message message) {
        runtime.emitFrom(emitter, message);
    }

    @Override
    public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler) {
        return runtime.bus().subscribe(type, handler);
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
    public void requestShutdown(String reason) {
        runtime.requestShutdown(reason);
    }

    @Override
    public <T> T shared(Class<T> type, Function<? super Context, ? extends T> create) {
        return runtime.shared.get(type, create, this);
    }

    @Override
    public String toString() {
        return "Context of " + emitter.role().name().toLowerCase(Locale.ROOT) + " '" + emitter.name() + "'";
    }
}
