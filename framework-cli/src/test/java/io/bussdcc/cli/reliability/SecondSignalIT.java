package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.cli.Image;
import io.bussdcc.cli.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shutdown that hangs (a process whose stop never returns) does not trap the user: the first
 * SIGTERM starts the graceful shutdown, the second ends the process at once with 128 + 15.
 */
class SecondSignalIT {

    @TempDir
    Path dir;

    private static final String MODULE_INFO = """
            module hang.plugin {
                requires io.bussdcc.api;
                provides io.bussdcc.api.spi.ProcessProvider with hang.HangingProcessProvider;
            }
            """;

    private static final String PROVIDER = """
            package hang;

            import io.bussdcc.api.Config;
            import io.bussdcc.api.Context;
            import io.bussdcc.api.Process;
            import io.bussdcc.api.spi.ProcessProvider;
            import java.util.concurrent.CountDownLatch;

            public final class HangingProcessProvider implements ProcessProvider {
                public String name() { return "hang"; }

                public Process create(Config config) {
                    return new Process() {
                        public String name() { return "hang"; }

                        public void stop(Context ctx) throws InterruptedException {
                            System.err.println("hang: stopping forever");
                            new CountDownLatch(1).await();
                        }
                    };
                }
            }
            """;

    @Test
    void aSecondSigtermEndsAHangingShutdown() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.jar(plugins.resolve("hang.jar"), TestPlugins.compile(dir, "hang",
                Map.of("module-info.java", MODULE_INFO, "hang/HangingProcessProvider.java", PROVIDER), List.of()));

        Image.Running running = Image.start(dir, Map.of(), "run", "--plugins", plugins.toString(), "--no-web",
                "--events", "events");
        running.awaitStderr("running; stop with", Duration.ofSeconds(30));
        long pid = running.process.pid();
        signal("TERM", pid);
        running.awaitStderr("hang: stopping forever", Duration.ofSeconds(10));
        assertTrue(running.process.isAlive(), "the first SIGTERM should wait for the shutdown");
        signal("TERM", pid);
        Image.Result r = running.await(Duration.ofSeconds(5));
        assertEquals(128 + 15, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("SIGTERM again while shutting down"), r.stderr());
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
