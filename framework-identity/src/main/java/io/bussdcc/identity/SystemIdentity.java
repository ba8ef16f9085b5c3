package io.bussdcc.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Discovers a machine's {@link SystemIdentityEvent identity} from its files, without a runtime.
 *
 * <pre>{@code
 * SystemIdentityEvent me = SystemIdentity.discover();                     // this machine
 * SystemIdentityEvent pi = SystemIdentity.discover(Path.of("fixtures/pi4")); // a copied tree
 * }</pre>
 *
 * <p>Sources, first found wins (paths as seen from the root):
 * <ul>
 *   <li>hostname — {@code /proc/sys/kernel/hostname} (the running kernel's), {@code /etc/hostname};</li>
 *   <li>hardware model — {@code /proc/device-tree/model} or
 *       {@code /sys/firmware/devicetree/base/model} (ARM boards), DMI {@code sys_vendor} +
 *       {@code product_name} in {@code /sys/class/dmi/id} (PCs, servers, virtual machines),
 *       {@code Model} in {@code /proc/cpuinfo};</li>
 *   <li>serial — {@code Serial} in {@code /proc/cpuinfo}, the device tree's
 *       {@code serial-number}, DMI {@code product_serial}, else an ID derived from
 *       {@code /etc/machine-id} (or {@code /var/lib/dbus/machine-id}); the event's
 *       {@code serialSource} says which. Placeholders firmware writes where it has no value
 *       ({@code To Be Filled By O.E.M.}, {@code Default string}, all zeros, …) count as missing;</li>
 *   <li>OS — {@code NAME} (else {@code PRETTY_NAME}) and {@code VERSION} (else
 *       {@code VERSION_ID}) in {@code /etc/os-release}, else {@code /usr/lib/os-release};</li>
 *   <li>kernel — {@code /proc/sys/kernel/osrelease}; architecture — {@code /proc/sys/kernel/arch};</li>
 *   <li>CPU model — {@code model name} in {@code /proc/cpuinfo}, else {@code Hardware} (the SoC);
 *       CPU count — {@code /sys/devices/system/cpu/online}, else the {@code processor} lines of
 *       {@code /proc/cpuinfo};</li>
 *   <li>memory — {@code MemTotal} in {@code /proc/meminfo}.</li>
 * </ul>
 *
 * <p>Only when the root is this machine's own {@code /} do facts the files lacked come from the
 * JVM: the hostname from {@link InetAddress#getLocalHost()}, the architecture from
 * {@code os.arch} ({@code amd64} named {@code x86_64} as the kernel does), the CPU count from
 * {@link Runtime#availableProcessors()}, the OS name from {@code os.name} and, on Linux, the
 * kernel from {@code os.version} (elsewhere, with no os-release file, {@code os.version} is the
 * OS version instead). For any other root the files are the whole truth, so a tree
 * copied from a Raspberry Pi never reports the test machine's facts. The Java version and the
 * framework modules always describe the running JVM.
 *
 * <p>Missing or unreadable sources leave their facts {@code null}; discovery never fails.
 */
public final class SystemIdentity {

    /**
     * The application ID bussdcc derives its machine-ID-based serial with; the serial equals
     * what {@code systemd-id128 machine-id --app-specific=a4721fbec28148f3990b24fcbc81e939}
     * prints on the same machine.
     */
    public static final String MACHINE_ID_APP_ID = "a4721fbec28148f3990b24fcbc81e939";

    /** Values firmware writes into DMI and similar fields when it has nothing to say (lower case). */
    private static final Set<String> PLACEHOLDERS = Set.of(
            "none", "n/a", "na", "unknown", "not specified", "not applicable", "not available",
            "to be filled by o.e.m.", "to be filled by oem", "default string", "oem", "o.e.m.",
            "system manufacturer", "system product name", "system serial number", "system version",
            "chassis serial number", "serial number", "0123456789", "123456789");

    private SystemIdentity() {}

    /** The identity of this machine (root {@code /}). */
    public static SystemIdentityEvent discover() {
        return discover(Path.of("/"));
    }

    /**
     * The identity of the machine whose filesystem is at {@code root}: {@code /} for this
     * machine, or a directory holding a copy of another machine's {@code /proc}, {@code /sys}
     * and {@code /etc} files.
     */
    public static SystemIdentityEvent discover(Path root) {
        Objects.requireNonNull(root, "root");
        SystemFiles files = new SystemFiles(root);
        boolean jvmDescribesRoot = files.isRealRoot();
        CpuInfo cpu = CpuInfo.parse(files.text("/proc/cpuinfo"));
        Map<String, String> os = OsRelease.parse(firstText(files, "/etc/os-release", "/usr/lib/os-release"));

        String hostname = hostname(files, jvmDescribesRoot);
        String hardwareModel = firstNonNull(
                files.firstValue("/proc/device-tree/model", "/sys/firmware/devicetree/base/model"),
                dmiModel(files),
                cpu.model());

        String serial;
        String serialSource;
        String deviceTreeSerial = files.firstValue("/proc/device-tree/serial-number",
                "/sys/firmware/devicetree/base/serial-number");
        String dmiSerial = meaningful(files.value("/sys/class/dmi/id/product_serial"));
        if (meaningful(cpu.serial()) != null) {
            serial = cpu.serial();
            serialSource = SystemIdentityEvent.SERIAL_FROM_CPUINFO;
        } else if (meaningful(deviceTreeSerial) != null) {
            serial = deviceTreeSerial;
            serialSource = SystemIdentityEvent.SERIAL_FROM_DEVICE_TREE;
        } else if (dmiSerial != null) {
            serial = dmiSerial;
            serialSource = SystemIdentityEvent.SERIAL_FROM_DMI;
        } else {
            serial = MachineId.appSpecific(
                    files.firstValue("/etc/machine-id", "/var/lib/dbus/machine-id"), MACHINE_ID_APP_ID);
            serialSource = serial == null ? null : SystemIdentityEvent.SERIAL_FROM_MACHINE_ID;
        }

        String jvmOs = System.getProperty("os.name");
        boolean jvmOnLinux = "Linux".equals(jvmOs);
        String osName = firstNonNull(os.get("NAME"), os.get("PRETTY_NAME"), jvmDescribesRoot ? jvmOs : null);
        String osVersion = firstNonNull(os.get("VERSION"), os.get("VERSION_ID"),
                jvmDescribesRoot && !jvmOnLinux && os.isEmpty() ? System.getProperty("os.version") : null);
        String kernel = firstNonNull(files.value("/proc/sys/kernel/osrelease"),
                jvmDescribesRoot && jvmOnLinux ? System.getProperty("os.version") : null);
        String architecture = firstNonNull(files.value("/proc/sys/kernel/arch"),
                jvmDescribesRoot ? kernelArchitectureName(System.getProperty("os.arch")) : null);
        String cpuModel = firstNonNull(cpu.modelName(), cpu.hardware());
        Integer cpuCount = countCpus(files.value("/sys/devices/system/cpu/online"));
        if (cpuCount == null && cpu.processors() > 0) {
            cpuCount = cpu.processors();
        }
        if (cpuCount == null && jvmDescribesRoot) {
            cpuCount = Runtime.getRuntime().availableProcessors();
        }
        Long memoryBytes = memTotalBytes(files.text("/proc/meminfo"));

        return new SystemIdentityEvent(hostname, hardwareModel, serial, serialSource, osName, osVersion, kernel,
                architecture, cpuModel, cpuCount, memoryBytes, Runtime.version().toString(),
                FrameworkModules.present());
    }

    private static String hostname(SystemFiles files, boolean jvmDescribesRoot) {
        String name = files.value("/proc/sys/kernel/hostname");
        if ("(none)".equals(name)) {
            name = null; // what the kernel reports before anything set a name
        }
        if (name == null) {
            name = firstLine(files.text("/etc/hostname"));
        }
        if (name == null && jvmDescribesRoot) {
            try {
                name = SystemFiles.clean(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException | SecurityException unknown) {
                name = null;
            }
        }
        return name;
    }

    /** {@code sys_vendor} and {@code product_name}, the vendor left out when the product already names it. */
    private static String dmiModel(SystemFiles files) {
        String vendor = meaningful(files.value("/sys/class/dmi/id/sys_vendor"));
        String product = meaningful(files.value("/sys/class/dmi/id/product_name"));
        if (vendor == null || product == null) {
            return vendor == null ? product : vendor;
        }
        return product.toLowerCase(Locale.ROOT).startsWith(vendor.toLowerCase(Locale.ROOT))
                ? product
                : vendor + " " + product;
    }

    /** {@code value}, or {@code null} when it is a firmware placeholder or only zeros. */
    static String meaningful(String value) {
        if (value == null) {
            return null;
        }
        if (PLACEHOLDERS.contains(value.toLowerCase(Locale.ROOT)) || value.chars().allMatch(c -> c == '0')) {
            return null;
        }
        return value;
    }

    /**
     * The number of CPUs in a kernel CPU list such as {@code 0-3,6,8-9} (7 CPUs), or
     * {@code null} when {@code list} is absent or not such a list.
     */
    static Integer countCpus(String list) {
        if (list == null) {
            return null;
        }
        long count = 0;
        for (String part : list.strip().split(",")) {
            String range = part.strip();
            if (!range.matches("\\d{1,9}(-\\d{1,9})?")) {
                return null;
            }
            int dash = range.indexOf('-');
            long first = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
            long last = dash < 0 ? first : Long.parseLong(range.substring(dash + 1));
            if (last < first) {
                return null;
            }
            count += last - first + 1;
        }
        return count > 0 && count <= Integer.MAX_VALUE ? (int) count : null;
    }

    /**
     * {@code MemTotal} of a {@code /proc/meminfo} text in bytes (the kernel writes kibibytes as
     * {@code kB}), or {@code null} when absent or malformed.
     */
    static Long memTotalBytes(String meminfo) {
        if (meminfo == null) {
            return null;
        }
        for (String line : meminfo.split("\n")) {
            if (!line.startsWith("MemTotal:")) {
                continue;
            }
            String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
            try {
                long amount = Long.parseLong(parts[0]);
                if (amount < 0) {
                    return null;
                }
                if (parts.length == 1) {
                    return amount;
                }
                return parts[1].equalsIgnoreCase("kB") && parts.length == 2 ? Math.multiplyExact(amount, 1024L) : null;
            } catch (NumberFormatException | ArithmeticException malformed) {
                return null;
            }
        }
        return null;
    }

    /** The JVM's {@code os.arch} in the kernel's words (what {@code uname -m} prints). */
    static String kernelArchitectureName(String jvmArch) {
        if (jvmArch == null) {
            return null;
        }
        return switch (jvmArch) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> jvmArch;
        };
    }

    private static String firstText(SystemFiles files, String... paths) {
        for (String path : paths) {
            String text = files.text(path);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** The first line of {@code text} that is neither blank nor a comment. */
    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            String value = SystemFiles.clean(line);
            if (value != null && !value.startsWith("#")) {
                return value;
            }
        }
        return null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
