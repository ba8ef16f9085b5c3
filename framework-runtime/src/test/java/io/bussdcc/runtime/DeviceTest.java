package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.api.message.DeviceAttached;
import io.bussdcc.api.message.DeviceDetached;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.DeviceOnline;
import io.bussdcc.runtime.TestMessages.Ping;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DeviceTest {

    static final class Sensor implements Device {
        final String id;
        final boolean failConnect;
        DeviceContext ctx;
        boolean disconnected;

        Sensor(String id, boolean failConnect) {
            this.id = id;
            this.failConnect = failConnect;
        }

        @Override
        public String kind() {
            return "sensor";
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void connect(DeviceContext ctx) {
            if (failConnect) {
                throw new IllegalStateException("no such port /dev/ttyUSB0");
            }
            this.ctx = ctx;
        }

        @Override
        public void disconnect(DeviceContext ctx) {
            disconnected = true;
        }
    }

    @Test
    void aDeviceThatFailsToConnectIsReportedAndTheBootGoesOn() {
        RecordingSink sink = new RecordingSink();
        Sensor broken = new Sensor("s1", true);
        Sensor fine = new Sensor("s2", false);
        Runtime runtime = new Runtime().addSink(sink).addDevice(broken).addDevice(fine);
        runtime.boot();
        assertTrue(runtime.isRunning());
        List<DeviceFailed> failed = sink.payloads(DeviceFailed.class);
        assertEquals(1, failed.size());
        assertEquals("s1", failed.getFirst().device());
        assertEquals("java.lang.IllegalStateException: no such port /dev/ttyUSB0", failed.getFirst().error());
        assertEquals(List.of(new DeviceInfo("s1", "sensor", false, "java.lang.IllegalStateException: no such port /dev/ttyUSB0"),
                new DeviceInfo("s2", "sensor", true, null)), runtime.devices());
        runtime.shutdown();
        assertFalse(broken.disconnected, "a device that never connected was disconnected");
        assertTrue(fine.disconnected);
    }

    @Test
    void aDeviceReportsGoingOfflineAndOnlineOnce() {
        RecordingSink sink = new RecordingSink();
        Sensor sensor = new Sensor("s1", false);
        Runtime runtime = new Runtime().addSink(sink).addDevice(sensor);
        runtime.boot();
        sensor.ctx.reportOffline("cable pulled");
        sensor.ctx.reportOffline("cable pulled");
        assertFalse(sensor.ctx.online());
        assertEquals(new DeviceInfo("s1", "sensor", false, "cable pulled"), runtime.devices().getFirst());
        sensor.ctx.reportOnline();
        sensor.ctx.reportOnline();
        runtime.shutdown();
        assertEquals(List.of(new DeviceOffline("s1", "sensor", "cable pulled"), new DeviceOffline("s1", "sensor", null)),
                sink.payloads(DeviceOffline.class));
        assertEquals(2, sink.payloads(DeviceOnline.class).size());
    }

    @Test
    void aComponentFindsADeviceByIdAsTheTypeItNeeds() {
        Sensor sensor = new Sensor("s1", false);
        Runtime runtime = new Runtime().addDevice(sensor);
        runtime.boot();
        try {
            assertEquals(Optional.of(sensor), runtime.context().device("s1", Sensor.class));
            assertEquals(Optional.of(sensor), runtime.context().device("s1", Device.class));
            assertEquals(Optional.empty(), runtime.context().device("s9", Sensor.class));
            IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                    () -> runtime.context().device("s1", Runnable.class));
            assertEquals("device 's1' is a io.bussdcc.runtime.DeviceTest$Sensor (kind 'sensor'), not a java.lang.Runnable",
                    wrongType.getMessage());
        } finally {
            runtime.shutdown();
        }
    }

    @Test
    void aDeviceAttachedAfterBootConnectsReceivesEventsAndIsListed() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink);
        runtime.boot();
        Sensor late = new Sensor("usb-1", false);
        List<Object> heard = new CopyOnWriteArrayList<>();
        runtime.attachDevice(late);
        late.ctx.subscribe(Ping.class, e -> heard.add(e.payload()));
        runtime.emit(new Ping(1));

        assertEquals(List.of(new Ping(1)), heard);
        assertEquals(List.of(new DeviceInfo("usb-1", "sensor", true, null)), runtime.devices());
        List<String> names = sink.typeNames();
        int attached = names.indexOf("DeviceAttached");
        assertEquals(names.indexOf("FrameworkBooted") + 1, attached, names.toString());
        assertEquals("DeviceOnline", names.get(attached + 1));
        assertThrows(IllegalArgumentException.class, () -> runtime.attachDevice(new Sensor("usb-1", false)));
        runtime.shutdown();
        assertTrue(late.disconnected, "a hot-plugged device was not disconnected at shutdown");
        assertEquals(List.of(new DeviceDetached("usb-1", "sensor")), sink.payloads(DeviceDetached.class));
    }

    @Test
    void aDetachedDeviceEmitsDeviceDetachedLeavesTheListAndHearsNoMore() {
        RecordingSink sink = new RecordingSink();
        Sensor sensor = new Sensor("s1", false);
        Runtime runtime = new Runtime().addSink(sink).addDevice(sensor);
        runtime.boot();
        List<Object> heard = new CopyOnWriteArrayList<>();
        sensor.ctx.subscribe(Ping.class, e -> heard.add(e.payload()));
        runtime.emit(new Ping(1));

        assertTrue(runtime.context().detachDevice("s1"));
        assertFalse(runtime.context().detachDevice("s1"), "detached twice");
        runtime.emit(new Ping(2));

        assertTrue(sensor.disconnected);
        assertEquals(List.of(new Ping(1)), heard, "the device's subscription outlived it");
        assertEquals(List.of(), runtime.devices());
        assertEquals(Optional.empty(), runtime.device("s1", Sensor.class));
        List<String> names = sink.typeNames();
        assertEquals(List.of("DeviceOffline", "DeviceDetached"),
                names.subList(names.lastIndexOf("Ping") - 2, names.lastIndexOf("Ping")), names.toString());
        assertEquals(new DeviceDetached("s1", "sensor"), sink.payloads(DeviceDetached.class).getFirst());
        runtime.shutdown();
        assertEquals(1, sink.payloads(DeviceDetached.class).size(), "detached again at shutdown");
    }

    @Test
    void aDeviceThatFailsToConnectAfterBootIsReportedAndListedOffline() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink);
        runtime.boot();
        runtime.attachDevice(new Sensor("usb-2", true));
        assertEquals(List.of(new DeviceInfo("usb-2", "sensor", false, "java.lang.IllegalStateException: no such port /dev/ttyUSB0")),
                runtime.devices());
        assertEquals(1, sink.payloads(DeviceFailed.class).size());
        assertEquals(List.of(), sink.payloads(DeviceAttached.class));
        runtime.shutdown();
        assertThrows(IllegalStateException.class, () -> runtime.attachDevice(new Sensor("usb-3", false)));
    }

    @Test
    void aSubscriptionTakenThroughAProcessContextEndsWhenTheProcessStops() {
        List<Object> heard = new CopyOnWriteArrayList<>();
        Context[] kept = new Context[1];
        Runtime runtime = new Runtime().addProcess(new Process() {
            @Override
            public String name() {
                return "listener";
            }

            @Override
            public void start(Context ctx) {
                kept[0] = ctx;
                ctx.subscribe(DeviceDetached.class, e -> heard.add(e.payload()));
            }

            @Override
            public void handle(Context ctx, Event<?> event) {}
        }).addDevice(new Sensor("s1", false));
        runtime.boot();
        io.bussdcc.api.Subscription own = kept[0].subscribe(Ping.class, e -> heard.add(e.payload()));
        runtime.emit(new Ping(1));
        runtime.shutdown();
        // Processes stop before devices detach: the process's subscription is gone by then.
        assertEquals(List.of(new Ping(1)), heard);
        assertFalse(own.isActive(), "a process's subscription outlived the process");
    }
}
