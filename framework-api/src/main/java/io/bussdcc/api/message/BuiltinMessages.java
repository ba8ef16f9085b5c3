package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import java.util.List;

/** The message types the runtime itself emits. Every registry knows them. */
public final class BuiltinMessages {

    /** Every built-in message type. */
    public static final List<Class<? extends Message>> TYPES = List.of(
            RuntimeBooting.class, RuntimeBooted.class, RuntimeShuttingDown.class, RuntimeShutdown.class,
            FrameworkBooted.class, FrameworkShuttingDown.class,
            DeviceAttached.class, DeviceOnline.class, DeviceOffline.class, DeviceDetached.class, DeviceFailed.class,
            ProcessStarted.class, ProcessStopped.class, ProcessError.class,
            InterfaceStarted.class, InterfaceStopped.class,
            ServiceStarted.class, ServiceStopped.class, ServiceRestart.class, ServiceError.class, ServiceFailure.class,
            SystemReload.class, SystemSignal.class, EventSubscriberError.class,
            SinkHandlerError.class);

    private BuiltinMessages() {}
}
