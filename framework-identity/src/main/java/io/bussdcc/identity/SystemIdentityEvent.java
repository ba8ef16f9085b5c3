package io.bussdcc.identity;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What machine a runtime runs on, as discovered at start by {@link SystemIdentityService}.
 *
 * <p>Every machine fact is {@code null} when its sources were missing or unreadable; see
 * {@link SystemIdentity} for where each comes from. {@code javaVersion} and
 * {@code frameworkModules} describe the running JVM and are always known.
 *
 * @param hostname         the host's name
 * @param hardwareModel    the board or machine model, e.g. {@code Raspberry Pi 4 Model B Rev 1.4}
 *                         or {@code Dell Inc. PowerEdge R640}
 * @param serial           a serial number identifying this machine; what it is says {@code serialSource}
 * @param serialSource     where {@code serial} came from: {@value #SERIAL_FROM_CPUINFO},
 *                         {@value #SERIAL_FROM_DEVICE_TREE}, {@value #SERIAL_FROM_DMI} or
 *                         {@value #SERIAL_FROM_MACHINE_ID}; {@code null} when there is no serial
 * @param osName           the operating system's name, e.g. {@code Debian GNU/Linux}
 * @param osVersion        the operating system's version, e.g. {@code 12 (bookworm)}
 * @param kernel           the kernel release, e.g. {@code 6.1.0-18-amd64}
 * @param architecture     the machine architecture as the kernel names it, e.g. {@code x86_64}, {@code aarch64}
 * @param cpuModel         the CPU model, e.g. {@code Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz} or the SoC name
 * @param cpuCount         the number of online CPUs (logical processors)
 * @param memoryBytes      the total usable memory in bytes
 * @param javaVersion      the version of the Java runtime, e.g. {@code 21.0.5+11-LTS}
 * @param frameworkModules the bussdcc modules present ({@code io.bussdcc.*}), name to version,
 *                         sorted by name; {@code unknown} for a module built without a version
 */
@MessageType("bussdcc_framework.message.system:SystemIdentityEvent")
public record SystemIdentityEvent(
        String hostname,
        String hardwareModel,
        String serial,
        String serialSource,
        String osName,
        String osVersion,
        String kernel,
        String architecture,
        String cpuModel,
        Integer cpuCount,
        Long memoryBytes,
        String javaVersion,
        Map<String, String> frameworkModules) implements Message {

    /** {@code serial} is the {@code Serial} line of {@code /proc/cpuinfo} (Raspberry Pi and other ARM boards). */
    public static final String SERIAL_FROM_CPUINFO = "cpuinfo";

    /** {@code serial} is the device tree's {@code serial-number} (ARM boards without a cpuinfo serial). */
    public static final String SERIAL_FROM_DEVICE_TREE = "device-tree";

    /** {@code serial} is the DMI {@code product_serial} (PCs, servers, virtual machines; readable by root only). */
    public static final String SERIAL_FROM_DMI = "dmi";

    /**
     * {@code serial} is not a hardware serial but an ID derived from {@code /etc/machine-id}:
     * systemd's application-specific form of it (HMAC-SHA256 keyed with the machine ID, see
     * {@link SystemIdentity#MACHINE_ID_APP_ID}), stable for the installation and safe to log,
     * unlike the machine ID itself, which systemd asks programs to keep confidential.
     */
    public static final String SERIAL_FROM_MACHINE_ID = "machine-id-app-specific";

    /** Copies {@code frameworkModules} sorted by name and immutable; {@code null} becomes an empty map. */
    public SystemIdentityEvent {
        // Sorted, so equal identities print the same.
        frameworkModules = frameworkModules == null
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(frameworkModules));
    }

    /**
     * The identity as the state store holds it under {@code system.identity}: one entry per
     * field, in declaration order, {@code null} for unknown facts (the store leaves those out).
     *
     * <p>{@code frameworkModules} becomes a branch keyed by module name without the
     * {@code io.bussdcc.} prefix and with further dots turned into dashes, because state keys
     * cannot contain dots: {@code io.bussdcc.runtime} is {@code system.identity.frameworkModules.runtime}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hostname", hostname);
        map.put("hardwareModel", hardwareModel);
        map.put("serial", serial);
        map.put("serialSource", serialSource);
        map.put("osName", osName);
        map.put("osVersion", osVersion);
        map.put("kernel", kernel);
        map.put("architecture", architecture);
        map.put("cpuModel", cpuModel);
        map.put("cpuCount", cpuCount);
        map.put("memoryBytes", memoryBytes);
        map.put("javaVersion", javaVersion);
        Map<String, Object> modules = new LinkedHashMap<>();
        frameworkModules.forEach((name, version) -> modules.put(stateKey(name), version));
        map.put("frameworkModules", Collections.unmodifiableMap(modules));
        return Collections.unmodifiableMap(map);
    }

    /** {@code io.bussdcc.io.jsonl} → {@code io-jsonl}; module names hold no dashes, so this is one-to-one. */
    private static String stateKey(String moduleName) {
        String prefix = FrameworkModules.PREFIX;
        String key = moduleName.startsWith(prefix) ? moduleName.substring(prefix.length()) : moduleName;
        return key.replace('.', '-');
    }
}
