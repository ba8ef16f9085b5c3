package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bussdcc.api.MessageTypeRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemIdentityEventTest {

    private static final SystemIdentityEvent PI = new SystemIdentityEvent("greenhouse-pi",
            "Raspberry Pi 4 Model B Rev 1.4", "10000000a3b5c7d9", "cpuinfo", "Debian GNU/Linux", "12 (bookworm)",
            "6.6.31+rpt-rpi-v8", "aarch64", "BCM2835", 4, 3977580544L, "21.0.5+11-LTS",
            Map.of("io.bussdcc.runtime", "0.1.0", "io.bussdcc.api", "0.1.0", "io.bussdcc.io.jsonl", "0.1.0"));

    @Test
    void isRecordedUnderTheOriginalsTypeName() {
        assertEquals("bussdcc_framework.message.system:SystemIdentityEvent",
                MessageTypeRegistry.defaultName(SystemIdentityEvent.class));
    }

    @Test
    void stateMapHoldsEveryFieldInOrderWithModuleNamesMadeStateKeys() {
        Map<String, Object> map = PI.toMap();

        assertEquals(List.of("hostname", "hardwareModel", "serial", "serialSource", "osName", "osVersion", "kernel",
                "architecture", "cpuModel", "cpuCount", "memoryBytes", "javaVersion", "frameworkModules"),
                List.copyOf(map.keySet()));
        assertEquals("greenhouse-pi", map.get("hostname"));
        assertEquals(4, map.get("cpuCount"));
        assertEquals(3977580544L, map.get("memoryBytes"));
        assertEquals(Map.of("api", "0.1.0", "runtime", "0.1.0", "io-jsonl", "0.1.0"), map.get("frameworkModules"));
    }

    @Test
    void unknownFactsAreNullInTheStateMap() {
        SystemIdentityEvent empty = new SystemIdentityEvent(null, null, null, null, null, null, null, null, null,
                null, null, "21", null);

        Map<String, Object> expected = new LinkedHashMap<>();
        for (String key : List.of("hostname", "hardwareModel", "serial", "serialSource", "osName", "osVersion",
                "kernel", "architecture", "cpuModel", "cpuCount", "memoryBytes")) {
            expected.put(key, null);
        }
        expected.put("javaVersion", "21");
        expected.put("frameworkModules", Map.of());
        assertEquals(expected, empty.toMap());
    }

    @Test
    void frameworkModulesAreSortedAndImmutable() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("io.bussdcc.web", "1");
        modules.put("io.bussdcc.api", "1");
        SystemIdentityEvent event = new SystemIdentityEvent(null, null, null, null, null, null, null, null, null,
                null, null, "21", modules);
        modules.put("io.bussdcc.late", "1");

        assertEquals(List.of("io.bussdcc.api", "io.bussdcc.web"), List.copyOf(event.frameworkModules().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> event.frameworkModules().put("x", "y"));
    }
}
