package io.bussdcc.identity;

import static io.bussdcc.identity.SystemIdentityEvent.SERIAL_FROM_CPUINFO;
import static io.bussdcc.identity.SystemIdentityEvent.SERIAL_FROM_DEVICE_TREE;
import static io.bussdcc.identity.SystemIdentityEvent.SERIAL_FROM_DMI;
import static io.bussdcc.identity.SystemIdentityEvent.SERIAL_FROM_MACHINE_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against filesystem trees of typical machines, written by the tests. Each test
 * compares the whole identity, so every field is asserted.
 */
class SystemIdentityFixtureTest {

    /** A machine ID and its application-specific form, as {@code systemd-id128 --app-specific} derives it. */
    static final String MACHINE_ID = "0f5c1ae7e2a94b0c8d3e6f7a1b2c3d4e";
    static final String MACHINE_ID_DERIVED = "63f56a7c823349c196a2978587f40d3c";
    static final String OTHER_MACHINE_ID = "6b8e4b1c9d2f4a7e8c1d3f5a7b9c2e4d";
    static final String OTHER_MACHINE_ID_DERIVED = "c820f1c265344cc89d853110434dd9dc";

    static final String PI4_CPUINFO = """
            processor\t: 0
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd08
            CPU revision\t: 3

            processor\t: 1
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd08
            CPU revision\t: 3

            processor\t: 2
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd08
            CPU revision\t: 3

            processor\t: 3
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd08
            CPU revision\t: 3

            Hardware\t: BCM2835
            Revision\t: c03114
            Serial\t\t: 10000000a3b5c7d9
            Model\t\t: Raspberry Pi 4 Model B Rev 1.4
            """;

    static final String DEBIAN_12_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;

    static final String MEMINFO_4GB = """
            MemTotal:        3884356 kB
            MemFree:         2961132 kB
            MemAvailable:    3443508 kB
            Buffers:           38924 kB
            """;

    /** A Raspberry Pi 4 running 64-bit Raspberry Pi OS, laid out as on the board. */
    static FixtureTree raspberryPi4(Path dir) {
        return new FixtureTree(dir)
                // /proc/device-tree is an absolute link into /sys; device-tree strings end in NUL.
                .symlink("/proc/device-tree", "/sys/firmware/devicetree/base")
                .file("/sys/firmware/devicetree/base/model", "Raspberry Pi 4 Model B Rev 1.4\0")
                .file("/proc/cpuinfo", PI4_CPUINFO)
                .file("/proc/sys/kernel/hostname", "greenhouse-pi\n")
                .file("/etc/hostname", "greenhouse-pi\n")
                .file("/etc/machine-id", MACHINE_ID + "\n")
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/usr/lib/os-release", DEBIAN_12_OS_RELEASE)
                .file("/proc/sys/kernel/osrelease", "6.6.31+rpt-rpi-v8\n")
                .file("/proc/sys/kernel/arch", "aarch64\n")
                .file("/proc/meminfo", MEMINFO_4GB);
    }

    @Test
    void raspberryPi4ReportsTheDeviceTreeModelAndTheCpuinfoSerial(@TempDir Path dir) {
        Path root = raspberryPi4(dir).root();

        assertEquals(identity("greenhouse-pi", "Raspberry Pi 4 Model B Rev 1.4", "10000000a3b5c7d9",
                        SERIAL_FROM_CPUINFO, "Debian GNU/Linux", "12 (bookworm)", "6.6.31+rpt-rpi-v8", "aarch64",
                        "BCM2835", 4, 3884356L * 1024),
                SystemIdentity.discover(root));
    }

    @Test
    void raspberryPiOn32BitOsReportsTheCpuModelNameAndFallsBackToTheCpuinfoModel(@TempDir Path dir) {
        // No device tree visible (e.g. a container on the Pi): the cpuinfo Model line names the board.
        FixtureTree tree = new FixtureTree(dir)
                .file("/proc/cpuinfo", """
                        processor\t: 0
                        model name\t: ARMv7 Processor rev 3 (v7l)
                        BogoMIPS\t: 108.00

                        processor\t: 1
                        model name\t: ARMv7 Processor rev 3 (v7l)
                        BogoMIPS\t: 108.00

                        Hardware\t: BCM2711
                        Revision\t: b03115
                        Serial\t\t: 100000002f1e4d3c
                        Model\t\t: Raspberry Pi 4 Model B Rev 1.5
                        """)
                .file("/etc/hostname", "# set by the imager\n\npi-32\n")
                .file("/etc/os-release", """
                        PRETTY_NAME="Raspbian GNU/Linux 11 (bullseye)"
                        NAME="Raspbian GNU/Linux"
                        VERSION_ID="11"
                        VERSION="11 (bullseye)"
                        """)
                .file("/proc/sys/kernel/osrelease", "6.1.21-v7l+\n")
                .file("/proc/sys/kernel/arch", "armv7l\n")
                .file("/sys/devices/system/cpu/online", "0-1\n")
                .file("/proc/meminfo", "MemTotal:        1939052 kB\n");

        assertEquals(identity("pi-32", "Raspberry Pi 4 Model B Rev 1.5", "100000002f1e4d3c", SERIAL_FROM_CPUINFO,
                        "Raspbian GNU/Linux", "11 (bullseye)", "6.1.21-v7l+", "armv7l",
                        "ARMv7 Processor rev 3 (v7l)", 2, 1939052L * 1024),
                SystemIdentity.discover(tree.root()));
    }

    @Test
    void armBoardWithoutCpuinfoSerialReportsTheDeviceTreeSerialNumber(@TempDir Path dir) {
        FixtureTree tree = new FixtureTree(dir)
                .file("/proc/device-tree/model", "Radxa ROCK 5B\0")
                .file("/proc/device-tree/serial-number", "9d3f1c2a7b6e5d40\0")
                .file("/proc/cpuinfo", """
                        processor\t: 0
                        BogoMIPS\t: 48.00
                        CPU implementer\t: 0x41
                        CPU part\t: 0xd05

                        """)
                .file("/sys/devices/system/cpu/online", "0-7\n")
                .file("/proc/sys/kernel/hostname", "rock5b\n")
                .file("/etc/machine-id", MACHINE_ID + "\n")
                .file("/etc/os-release", "NAME=\"Armbian\"\nVERSION=\"24.2.1 bookworm\"\n")
                .file("/proc/sys/kernel/osrelease", "5.10.160-legacy-rk35xx\n")
                .file("/proc/sys/kernel/arch", "aarch64\n")
                .file("/proc/meminfo", "MemTotal:       16132208 kB\n");

        assertEquals(identity("rock5b", "Radxa ROCK 5B", "9d3f1c2a7b6e5d40", SERIAL_FROM_DEVICE_TREE, "Armbian",
                        "24.2.1 bookworm", "5.10.160-legacy-rk35xx", "aarch64", null, 8, 16132208L * 1024),
                SystemIdentity.discover(tree.root()));
    }

    /** A rack server with readable DMI (discovery running as root), 40 logical CPUs. */
    static FixtureTree x86Server(Path dir) {
        return new FixtureTree(dir)
                .file("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n")
                .file("/sys/class/dmi/id/product_name", "PowerEdge R640\n")
                .file("/sys/class/dmi/id/product_serial", "7XK2MN3\n")
                .file("/proc/cpuinfo", FixtureTree.x86CpuInfo(40, "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz"))
                .file("/sys/devices/system/cpu/online", "0-39\n")
                .file("/etc/hostname", "db-01\n")
                .file("/etc/machine-id", OTHER_MACHINE_ID + "\n")
                .file("/etc/os-release", """
                        PRETTY_NAME="Ubuntu 22.04.4 LTS"
                        NAME="Ubuntu"
                        VERSION_ID="22.04"
                        VERSION="22.04.4 LTS (Jammy Jellyfish)"
                        VERSION_CODENAME=jammy
                        ID=ubuntu
                        ID_LIKE=debian
                        """)
                .file("/proc/sys/kernel/osrelease", "5.15.0-97-generic\n")
                .file("/proc/sys/kernel/arch", "x86_64\n")
                .file("/proc/meminfo", "MemTotal:       196438812 kB\nMemFree:        190000000 kB\n");
    }

    @Test
    void x86ServerReportsDmiVendorProductAndSerial(@TempDir Path dir) {
        Path root = x86Server(dir).root();

        assertEquals(identity("db-01", "Dell Inc. PowerEdge R640", "7XK2MN3", SERIAL_FROM_DMI, "Ubuntu",
                        "22.04.4 LTS (Jammy Jellyfish)", "5.15.0-97-generic", "x86_64",
                        "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", 40, 196438812L * 1024),
                SystemIdentity.discover(root));
    }

    @Test
    void whiteboxPcWithPlaceholderDmiFallsBackToTheMachineIdAndNamesTheVendorOnce(@TempDir Path dir) {
        FixtureTree tree = new FixtureTree(dir)
                .file("/sys/class/dmi/id/sys_vendor", "HP\n")
                .file("/sys/class/dmi/id/product_name", "HP ProLiant MicroServer Gen10\n")
                .file("/sys/class/dmi/id/product_serial", "To Be Filled By O.E.M.\n")
                .file("/proc/cpuinfo", FixtureTree.x86CpuInfo(2, "AMD Opteron(tm) X3421 APU"))
                .file("/proc/sys/kernel/hostname", "(none)\n") // nothing set the kernel's name yet
                .file("/etc/hostname", "nas\n")
                .file("/etc/machine-id", MACHINE_ID + "\n")
                .file("/etc/os-release", "NAME='Fedora Linux'\nVERSION=\"39 (Server Edition)\"\n")
                .file("/proc/sys/kernel/osrelease", "6.7.5-200.fc39.x86_64\n")
                .file("/proc/sys/kernel/arch", "x86_64\n")
                .file("/proc/meminfo", "MemTotal:        8041208 kB\n");

        assertEquals(identity("nas", "HP ProLiant MicroServer Gen10", MACHINE_ID_DERIVED, SERIAL_FROM_MACHINE_ID,
                        "Fedora Linux", "39 (Server Edition)", "6.7.5-200.fc39.x86_64", "x86_64",
                        "AMD Opteron(tm) X3421 APU", 2, 8041208L * 1024),
                SystemIdentity.discover(tree.root()));
    }

    /** A container: no device tree, no DMI, no machine ID; the host's kernel, CPUs and memory show through. */
    static FixtureTree container(Path dir) {
        return new FixtureTree(dir)
                .file("/etc/hostname", "3f2a9c1e7b4d\n")
                .file("/proc/sys/kernel/hostname", "3f2a9c1e7b4d\n")
                .file("/etc/os-release", """
                        NAME="Alpine Linux"
                        ID=alpine
                        VERSION_ID=3.19.1
                        PRETTY_NAME="Alpine Linux v3.19"
                        """)
                .file("/proc/sys/kernel/osrelease", "6.5.0-1015-azure\n")
                .file("/proc/sys/kernel/arch", "x86_64\n")
                .file("/proc/cpuinfo", FixtureTree.x86CpuInfo(2, "AMD EPYC 7763 64-Core Processor"))
                .file("/sys/devices/system/cpu/online", "0-1\n")
                .file("/proc/meminfo", "MemTotal:        8123456 kB\n");
    }

    @Test
    void containerWithoutHardwareSourcesHasNoModelAndNoSerial(@TempDir Path dir) {
        Path root = container(dir).root();

        assertEquals(identity("3f2a9c1e7b4d", null, null, null, "Alpine Linux", "3.19.1", "6.5.0-1015-azure",
                        "x86_64", "AMD EPYC 7763 64-Core Processor", 2, 8123456L * 1024),
                SystemIdentity.discover(root));
    }

    @Test
    void emptyTreeGivesOnlyWhatTheJvmKnowsAboutItself(@TempDir Path dir) {
        // Not the real root: the JVM's hostname, architecture and CPU count must not leak in.
        assertEquals(identity(null, null, null, null, null, null, null, null, null, null, null),
                SystemIdentity.discover(dir));
    }

    @Test
    void unreadableSourcesGiveNullFieldsAndDiscoveryGoesOnToTheNextSource(@TempDir Path dir) {
        FixtureTree tree = new FixtureTree(dir);
        tree.unreadable("/proc/sys/kernel/hostname", "secret-host\n");
        tree.unreadable("/etc/hostname", "secret-host\n");
        tree.directory("/proc/device-tree/model");
        tree.file("/sys/class/dmi/id/sys_vendor", "LENOVO\n");
        tree.unreadable("/sys/class/dmi/id/product_name", "20XW0026GE\n");
        tree.unreadable("/sys/class/dmi/id/product_serial", "PF2XK9L3\n"); // root-only on a real PC
        tree.file("/etc/machine-id", MACHINE_ID + "\n");
        tree.unreadable("/proc/cpuinfo", FixtureTree.x86CpuInfo(8, "11th Gen Intel(R) Core(TM) i7-1165G7"));
        tree.unreadable("/sys/devices/system/cpu/online", "0-7\n");
        tree.symlink("/etc/os-release", "../usr/lib/os-release"); // dangling: usr/lib/os-release is absent
        tree.unreadable("/proc/sys/kernel/osrelease", "6.5.0-21-generic\n");
        tree.symlink("/proc/sys/kernel/arch", "arch-loop"); // a loop: arch-loop → arch
        tree.symlink("/proc/sys/kernel/arch-loop", "arch");
        tree.unreadable("/proc/meminfo", "MemTotal:       16107712 kB\n");

        assertEquals(identity(null, "LENOVO", MACHINE_ID_DERIVED, SERIAL_FROM_MACHINE_ID, null, null, null, null,
                        null, null, null),
                SystemIdentity.discover(tree.root()));
    }

    @Test
    void serialOfOnlyZerosCountsAsMissing(@TempDir Path dir) {
        // QEMU's raspi machines and some boards report an all-zero serial: it identifies nothing.
        FixtureTree tree = new FixtureTree(dir)
                .file("/proc/cpuinfo", "processor\t: 0\nHardware\t: BCM2835\nSerial\t\t: 0000000000000000\n")
                .file("/etc/machine-id", OTHER_MACHINE_ID + "\n");

        assertEquals(identity(null, null, OTHER_MACHINE_ID_DERIVED, SERIAL_FROM_MACHINE_ID, null, null, null, null,
                        "BCM2835", 1, null),
                SystemIdentity.discover(tree.root()));
    }

    @Test
    void uninitializedMachineIdGivesNoSerial(@TempDir Path dir) {
        // What systemd writes on first boot before the machine ID is committed.
        FixtureTree tree = new FixtureTree(dir).file("/etc/machine-id", "uninitialized\n");

        assertEquals(identity(null, null, null, null, null, null, null, null, null, null, null),
                SystemIdentity.discover(tree.root()));
    }

    @Test
    void dbusMachineIdIsUsedWhenEtcHasNone(@TempDir Path dir) {
        FixtureTree tree = new FixtureTree(dir).file("/var/lib/dbus/machine-id", OTHER_MACHINE_ID + "\n");

        assertEquals(identity(null, null, OTHER_MACHINE_ID_DERIVED, SERIAL_FROM_MACHINE_ID, null, null, null, null,
                        null, null, null),
                SystemIdentity.discover(tree.root()));
    }

    @Test
    void absoluteSymlinksStayInsideTheRoot(@TempDir Path dir) {
        // /etc/hostname → /run/hostname inside the tree; the host's /etc/hostname must not be read.
        FixtureTree tree = new FixtureTree(dir)
                .symlink("/etc/hostname", "/run/hostname")
                .file("/run/hostname", "inside-the-tree\n")
                .symlink("/proc/sys/kernel/osrelease", "/../../../../proc/sys/kernel/osrelease-copy")
                .file("/proc/sys/kernel/osrelease-copy", "6.6.0-test\n");

        assertEquals(identity("inside-the-tree", null, null, null, null, null, "6.6.0-test", null, null, null, null),
                SystemIdentity.discover(tree.root()));
    }

    /** The expected identity: the machine facts given, and this JVM's version and modules. */
    static SystemIdentityEvent identity(String hostname, String hardwareModel, String serial, String serialSource,
            String osName, String osVersion, String kernel, String architecture, String cpuModel, Integer cpuCount,
            Long memoryBytes) {
        return new SystemIdentityEvent(hostname, hardwareModel, serial, serialSource, osName, osVersion, kernel,
                architecture, cpuModel, cpuCount, memoryBytes, Runtime.version().toString(),
                FrameworkModules.present());
    }
}
