package io.bussdcc.replay;

import io.bussdcc.api.Context;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.api.ServiceState;
import io.bussdcc.api.message.DeviceAttached;
import io.bussdcc.api.message.DeviceDetached;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.DeviceOnline;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.api.message.ServiceRestart;
import io.bussdcc.api.message.ServiceStarted;
import io.bussdcc.api.message.ServiceStopped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded system's services and devices as of the cursor, folded from the recorded
 * lifecycle events ({@code ServiceStarted} … {@code DeviceDetached}): what the dashboard's
 * service and device panels show in a replay. The services cannot be controlled — they are a
 * recording.
 */
final class RecordedSystem implements Process, ServiceControl {

    static final String NAME = "bussdcc-timeline-recorded-system";

    private final Map<String, ServiceInfo> services = new LinkedHashMap<>();
    private final Map<String, DeviceInfo> devices = new LinkedHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void handle(Context ctx, Event<?> event) {
        synchronized (this) {
            switch (event.payload()) {
                case ServiceStarted s -> service(s.service(), ServiceState.RUNNING, null, 0);
                case ServiceStopped s -> service(s.service(), ServiceState.STOPPED, null, 0);
                case ServiceRestart s -> service(s.service(), ServiceState.RUNNING, null, 1);
                case ServiceError s -> service(s.service(), ServiceState.BACKING_OFF, s.error(), 0);
                case ServiceFailure s -> service(s.service(), ServiceState.FAILED, s.error(), 0);
                case DeviceAttached d -> devices.put(d.device(), new DeviceInfo(d.device(), d.kind(), false, null));
                case DeviceOnline d -> devices.put(d.device(), new DeviceInfo(d.device(), d.kind(), true, null));
                case DeviceOffline d -> devices.put(d.device(), new DeviceInfo(d.device(), d.kind(), false, d.error()));
                case DeviceFailed d -> devices.put(d.device(), new DeviceInfo(d.device(), d.kind(), false, d.error()));
                case DeviceDetached d -> devices.remove(d.device());
                default -> { }
            }
        }
    }

    private void service(String name, ServiceState state, String error, int restarted) {
        ServiceInfo was = services.get(name);
        long restarts = (was == null ? 0 : was.restarts()) + restarted;
        String lastError = error != null ? error : was == null ? null : was.lastError();
        services.put(name, new ServiceInfo(name, state, true, Duration.ZERO, false, false, restarts, lastError));
    }

    synchronized List<DeviceInfo> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public synchronized List<ServiceInfo> list() {
        return new ArrayList<>(services.values());
    }

    @Override
    public synchronized Optional<ServiceInfo> info(String name) {
        return Optional.ofNullable(services.get(name));
    }

    @Override
    public void start(String name) {
        throw recorded(name);
    }

    @Override
    public void stop(String name) {
        throw recorded(name);
    }

    @Override
    public void enable(String name) {
        throw recorded(name);
    }

    @Override
    public void disable(String name) {
        throw recorded(name);
    }

    private RuntimeException recorded(String name) {
        if (info(name).isEmpty()) {
            return new java.util.NoSuchElementException("no service named '" + name + "' in the recording");
        }
        return new IllegalStateException("service '" + name + "' is part of a recording being replayed; it cannot be controlled");
    }
}
