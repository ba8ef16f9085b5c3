package io.bussdcc.runtime;

import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.message.DeviceAttached;
import io.bussdcc.api.message.DeviceDetached;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.DeviceOnline;
import io.bussdcc.runtime.replay.Emitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Attaches devices at boot (or when added later: hot-plug) and detaches them at shutdown (or
 * when removed), and keeps their online state honest. A device that fails to connect is
 * reported ({@link DeviceFailed}) and stays offline; it does not fail the boot.
 */
final class DeviceManager {

    private final Runtime runtime;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();

    DeviceManager(Runtime runtime) {
        this.runtime = runtime;
    }

    /** Adds a device (ids are unique); the caller holds the lifecycle lock. */
    Slot register(Device device) {
        for (Slot slot : slots) {
            if (slot.device.id().equals(device.id())) {
                throw new IllegalArgumentException("a device with id '" + device.id() + "' is already added");
            }
        }
        Slot slot = new Slot(runtime, device);
        slots.add(slot);
        return slot;
    }

    /** Removes the device with {@code id}; null if there is none. The caller holds the lifecycle lock. */
    Slot remove(String id) {
        for (Slot slot : slots) {
            if (slot.device.id().equals(id)) {
                slots.remove(slot);
                return slot;
            }
        }
        return null;
    }

    <D> Optional<D> lookup(String id, Class<D> type) {
        for (Slot slot : slots) {
            if (slot.device.id().equals(id)) {
                if (!type.isInstance(slot.device)) {
                    throw new IllegalArgumentException("device '" + id + "' is a " + slot.device.getClass().getName()
                            + " (kind '" + slot.device.kind() + "'), not a " + type.getName());
                }
                return Optional.of(type.cast(slot.device));
            }
        }
        return Optional.empty();
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
    static final class Slot extends ComponentContext implements DeviceContext {
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
                if (attached || connecting) {
                    return; // attached during the boot before the boot attached the others
                }
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
                runtime.report(new DeviceFailed(device.id(), device.kind(), lastError, Failures.traceback(failure)));
                return;
            }
            boolean goOnline;
            synchronized (lock) {
                connecting = false;
                attached = true;
                goOnline = !reportedOfflineWhileConnecting;
            }
            runtime.report(new DeviceAttached(device.id(), device.kind()));
            if (goOnline) {
                reportOnline();
            }
        }

        void detach() {
            synchronized (lock) {
                if (!attached) {
                    endSubscriptions();
                    return;
                }
            }
            try {
                device.disconnect(this);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                lastError = Failures.describe(failure);
                runtime.report(new DeviceFailed(device.id(), device.kind(), lastError, Failures.traceback(failure)));
            }
            boolean wasOnline;
            synchronized (lock) {
                wasOnline = online;
                online = false;
                attached = false;
            }
            if (wasOnline) {
                runtime.report(new DeviceOffline(device.id(), device.kind(), null));
            }
            runtime.report(new DeviceDetached(device.id(), device.kind()));
            endSubscriptions();
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
            runtime.report(new DeviceOnline(device.id(), device.kind()));
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
            runtime.report(new DeviceOffline(device.id(), device.kind(), error));
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
