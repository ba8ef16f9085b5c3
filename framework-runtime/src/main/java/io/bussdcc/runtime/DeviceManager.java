package io.bussdcc.runtime;

import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.message.DeviceAttached;
import io.bussdcc.api.message.DeviceDetached;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.DeviceOnline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Attaches devices at boot and detaches them at shutdown, and keeps their online state honest.
 * A device that fails to connect is reported ({@link DeviceFailed}) and stays offline; it does
 * not fail the boot.
 */
final class DeviceManager {

    private final Runtime runtime;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();

    DeviceManager(Runtime runtime) {
        this.runtime = runtime;
    }

    void register(Device device) {
        for (Slot slot : slots) {
            if (slot.device.id().equals(device.id())) {
                throw new IllegalArgumentException("a device with id '" + device.id() + "' is already added");
            }
        }
        slots.add(new Slot(runtime, device));
    }

    void attachAll() {
        slots.forEach(Slot::attach);
    }

    void detachAll() {
        new ArrayList<>(slots).reversed().forEach(Slot::detach);
    }

    List<DeviceInfo> infos() {
        return slots.stream().map(Slot::info).toList();
    }

    /** One device: its context, and whether it is attached and online. */
    private static final class Slot extends ComponentContext implements DeviceContext {
        final Device device;
        private final Object lock = new Object();
        private boolean connecting;
        private boolean attached;
        private boolean online;
        private boolean reportedOfflineWhileConnecting;
        private volatile String lastError;

        Slot(Runtime runtime, Device device) {
            super(runtime, new Emitter(Emitter.Role.DEVICE, device.id()));
            this.device = device;
        }

        void attach() {
            synchronized (lock) {
                connecting = true;
                reportedOfflineWhileConnecting = false;
            }
            try {
                device.connect(this);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                synchronized (lock) {
                    connecting = false;
                }
                lastError = Failures.describe(failure);
                runtime.emitLifecycle(new DeviceFailed(device.id(), device.kind(), lastError, Failures.traceback(failure)));
                return;
            }
            boolean goOnline;
            synchronized (lock) {
                connecting = false;
                attached = true;
                goOnline = !reportedOfflineWhileConnecting;
            }
            runtime.emitLifecycle(new DeviceAttached(device.id(), device.kind()));
            if (goOnline) {
                reportOnline();
            }
        }

        void detach() {
            synchronized (lock) {
                if (!attached) {
                    return;
                }
            }
            try {
                device.disconnect(this);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                lastError = Failures.describe(failure);
                runtime.emitLifecycle(new DeviceFailed(device.id(), device.kind(), lastError, Failures.traceback(failure)));
            }
            boolean wasOnline;
            synchronized (lock) {
                wasOnline = online;
                online = false;
                attached = false;
            }
            if (wasOnline) {
                runtime.emitLifecycle(new DeviceOffline(device.id(), device.kind(), null));
            }
            runtime.emitLifecycle(new DeviceDetached(device.id(), device.kind()));
        }

        @Override
        public void reportOnline() {
            synchronized (lock) {
                if (connecting) {
                    reportedOfflineWhileConnecting = false;
                    return;
                }
                if (!attached || online) {
                    return;
                }
                online = true;
            }
            runtime.emitLifecycle(new DeviceOnline(device.id(), device.kind()));
        }

        @Override
        public void reportOffline(String error) {
            synchronized (lock) {
                if (connecting) {
                    reportedOfflineWhileConnecting = true;
                    lastError = error;
                    return;
                }
                if (!online) {
                    return;
                }
                online = false;
                lastError = error;
            }
            runtime.emitLifecycle(new DeviceOffline(device.id(), device.kind(), error));
        }

        @Override
        public boolean online() {
            synchronized (lock) {
                return online;
            }
        }

        DeviceInfo info() {
            return new DeviceInfo(device.id(), device.kind(), online(), lastError);
        }
    }
}
