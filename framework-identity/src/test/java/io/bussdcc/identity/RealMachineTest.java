package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Discovery on the machine running the tests. */
class RealMachineTest {

    private final SystemIdentityEvent identity = SystemIdentity.discover();

    @Test
    void thisMachineHasAHostnameAnArchitectureAndCpus() {
        assertNotNull(identity.hostname(), identity.toString());
        assertNotNull(identity.architecture(), identity.toString());
        assertNotNull(identity.cpuCount(), identity.toString());
        assertTrue(identity.cpuCount() > 0, identity.toString());
        assertEquals(Runtime.version().toString(), identity.javaVersion());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxThisMachineReportsItsMemoryAndTheKernelsOwnNames() throws IOException {
        assertNotNull(identity.memoryBytes(), identity.toString());
        assertTrue(identity.memoryBytes() > 0, identity.toString());
        assertEquals(System.getProperty("os.version"), identity.kernel());
        Path kernelHostname = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(kernelHostname)) {
            assertEquals(Files.readString(kernelHostname).strip(), identity.hostname());
        }
        Path kernelArch = Path.of("/proc/sys/kernel/arch");
        assertEquals(Files.isReadable(kernelArch)
                        ? Files.readString(kernelArch).strip()
                        : SystemIdentity.kernelArchitectureName(System.getProperty("os.arch")),
                identity.architecture());
    }

    @Test
    void aMachineIdSerialIsWhatSystemdDerivesForOurAppId() throws IOException, InterruptedException {
        Path systemdId128 = Path.of("/usr/bin/systemd-id128");
        assumeTrue(SystemIdentityEvent.SERIAL_FROM_MACHINE_ID.equals(identity.serialSource()),
                "this machine's serial comes from " + identity.serialSource());
        assumeTrue(Files.isExecutable(systemdId128), "systemd-id128 is not installed");

        Process process = new ProcessBuilder(systemdId128.toString(), "machine-id",
                "--app-specific=" + SystemIdentity.MACHINE_ID_APP_ID).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        assertEquals(output, identity.serial());
    }
}
