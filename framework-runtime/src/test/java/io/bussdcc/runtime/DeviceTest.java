package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.DeviceOffline;
import io.bussdcc.api.message.DeviceOnline;
import java.util.List;
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
}
