package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The small formats identity reads: cleaned values, CPU lists, meminfo, os-release, cpuinfo, machine IDs. */
class SystemFormatsTest {

    @Test
    void cleaningRemovesNulBytesAndSurroundingWhitespace() {
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", SystemFiles.clean("Raspberry Pi 4 Model B Rev 1.4\0"));
        assertEquals("db-01", SystemFiles.clean("db-01\n"));
        assertEquals("a b", SystemFiles.clean(" a\0 b \r\n"));
        assertNull(SystemFiles.clean("\0\n"));
        assertNull(SystemFiles.clean(null));
    }

    @Test
    void cleanedValuesHaveNoNulNoEdgeWhitespaceAndCleaningTwiceChangesNothing() {
        qt().withFixedSeed(6L).withExamples(2000)
                .forAll(SourceDSL.strings().betweenCodePoints(0, 0x7f).ofLengthBetween(0, 20))
                .checkAssert(raw -> {
                    String once = SystemFiles.clean(raw);
                    if (once == null) {
                        assertTrue(raw.replace("\0", "").isBlank(), "only blank text cleans to null: " + raw);
                        return;
                    }
                    assertFalse(once.contains("\0"));
                    assertEquals(once.strip(), once);
                    assertEquals(once, SystemFiles.clean(once));
                    assertEquals(once, SystemFiles.clean(raw + "\0\n"), "a trailing NUL and newline change nothing");
                });
    }

    @Test
    void cpuListsCountEveryCpuOfEveryRange() {
        assertEquals(4, SystemIdentity.countCpus("0-3"));
        assertEquals(1, SystemIdentity.countCpus("0\n"));
        assertEquals(7, SystemIdentity.countCpus("0-3,6,8-9"));
        assertNull(SystemIdentity.countCpus(""));
        assertNull(SystemIdentity.countCpus("3-0"));
        assertNull(SystemIdentity.countCpus("0-3,x"));
        assertNull(SystemIdentity.countCpus(null));
    }

    @Test
    void anySetOfCpusWrittenAsTheKernelWritesItCountsToItsSize() {
        qt().withFixedSeed(61L).withExamples(1000)
                .forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 300)).ofSizeBetween(1, 40))
                .checkAssert(ids -> {
                    TreeSet<Integer> cpus = new TreeSet<>(ids);
                    assertEquals(cpus.size(), SystemIdentity.countCpus(kernelCpuList(cpus)), kernelCpuList(cpus));
                });
    }

    /** As {@code /sys/devices/system/cpu/online}: runs of consecutive ids as {@code a-b}, others alone. */
    private static String kernelCpuList(TreeSet<Integer> cpus) {
        StringBuilder list = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (int cpu : cpus) {
            if (start != null && cpu != previous + 1) {
                list.append(list.isEmpty() ? "" : ",").append(start.equals(previous) ? start : start + "-" + previous);
                start = null;
            }
            if (start == null) {
                start = cpu;
            }
            previous = cpu;
        }
        list.append(list.isEmpty() ? "" : ",").append(start.equals(previous) ? start : start + "-" + previous);
        return list + "\n";
    }

    @Test
    void memTotalIsReadInKibibytesAndReturnedInBytes() {
        assertEquals(24684096L * 1024, SystemIdentity.memTotalBytes("MemTotal:       24684096 kB\nMemFree: 1 kB\n"));
        assertEquals(4096L, SystemIdentity.memTotalBytes("MemFree: 1 kB\nMemTotal: 4096\n"));
        assertNull(SystemIdentity.memTotalBytes("MemFree:  1 kB\n"));
        assertNull(SystemIdentity.memTotalBytes("MemTotal: lots kB\n"));
        assertNull(SystemIdentity.memTotalBytes("MemTotal: 12 MB\n"));
        assertNull(SystemIdentity.memTotalBytes("MemTotal: 9223372036854775807 kB\n"), "overflow is malformed");
        assertNull(SystemIdentity.memTotalBytes(null));
    }

    @Test
    void osReleaseValuesAreUnquotedAsTheShellWould() {
        Map<String, String> values = OsRelease.parse("""
                # comment
                NAME="Debian GNU/Linux"
                VERSION='12 (bookworm)'
                ID=debian
                QUOTED="say \\"hi\\" for \\$5 \\\\ \\n"
                EMPTY=""

                not a variable
                """);
        assertEquals(Map.of("NAME", "Debian GNU/Linux", "VERSION", "12 (bookworm)", "ID", "debian",
                "QUOTED", "say \"hi\" for $5 \\ \\n"), values);
    }

    @Test
    void anyValueQuotedForTheShellReadsBackAsItself() {
        qt().withFixedSeed(62L).withExamples(1000)
                .forAll(SourceDSL.strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(1, 30))
                .checkAssert(value -> {
                    String quoted = '"' + value.replaceAll("([\"\\\\$`])", "\\\\$1") + '"';
                    assertEquals(SystemFiles.clean(value), OsRelease.parse("KEY=" + quoted + "\n").get("KEY"), quoted);
                });
    }

    @Test
    void cpuinfoTakesTheFirstOccurrenceOfEachKeyAndCountsProcessors() {
        CpuInfo cpu = CpuInfo.parse(FixtureTree.x86CpuInfo(3, "first") + "model name\t: second\n");
        assertEquals(new CpuInfo("first", null, null, null, 3), cpu);
        assertEquals(CpuInfo.NONE, CpuInfo.parse(null));
    }

    @Test
    void firmwarePlaceholdersAndZerosAreNotValues() {
        for (String placeholder : List.of("To Be Filled By O.E.M.", "Default string", "Not Specified",
                "System Serial Number", "0000000000000000", "0", "None")) {
            assertNull(SystemIdentity.meaningful(placeholder), placeholder);
        }
        assertEquals("7XK2MN3", SystemIdentity.meaningful("7XK2MN3"));
        assertEquals("10000000a3b5c7d9", SystemIdentity.meaningful("10000000a3b5c7d9"));
    }

    @Test
    void machineIdIsDerivedAsSystemdDerivesItsAppSpecificId() {
        // Vectors computed independently (Python's hmac) as sd_id128_get_machine_app_specific
        // does; RealMachineTest compares with systemd-id128 itself where it is installed.
        assertEquals(SystemIdentityFixtureTest.MACHINE_ID_DERIVED,
                MachineId.appSpecific(SystemIdentityFixtureTest.MACHINE_ID, SystemIdentity.MACHINE_ID_APP_ID));
        assertEquals(SystemIdentityFixtureTest.MACHINE_ID_DERIVED,
                MachineId.appSpecific(SystemIdentityFixtureTest.MACHINE_ID.toUpperCase(), SystemIdentity.MACHINE_ID_APP_ID));
        assertEquals(SystemIdentityFixtureTest.OTHER_MACHINE_ID_DERIVED,
                MachineId.appSpecific(SystemIdentityFixtureTest.OTHER_MACHINE_ID, SystemIdentity.MACHINE_ID_APP_ID));
        assertNull(MachineId.appSpecific("uninitialized", SystemIdentity.MACHINE_ID_APP_ID));
        assertNull(MachineId.appSpecific("0".repeat(32), SystemIdentity.MACHINE_ID_APP_ID));
        assertNull(MachineId.appSpecific("0f5c1ae7", SystemIdentity.MACHINE_ID_APP_ID));
    }

    @Test
    void jvmArchitectureNamesAreTheKernelsNames() {
        assertEquals("x86_64", SystemIdentity.kernelArchitectureName("amd64"));
        assertEquals("i686", SystemIdentity.kernelArchitectureName("x86"));
        assertEquals("aarch64", SystemIdentity.kernelArchitectureName("aarch64"));
        assertNull(SystemIdentity.kernelArchitectureName(null));
    }
}
