package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run()} shuts down gracefully on SIGTERM by default, in a child JVM that is sent a real
 * SIGTERM; {@code handleSignals(false)} leaves the signal to the JVM.
 */
class RunSignalsTest {

    @TempDir
    Path dir;

    /** An application that prints each event's type, runs until shut down, then says why. */
    private static final Map<String, String> APP = Map.of(
            "module-info.java", """
                    module com.example.app {
                        requires io.bussdcc.runtime;
                    }
                    """,
            "com/example/app/Main.java", """
                    package com.example.app;
                    import io.bussdcc.api.Event;
                    import io.bussdcc.api.EventSink;
                    import io.bussdcc.runtime.Runtime;
                    public final class Main {
                        public static void main(String[] args) {
                            Runtime.Builder builder = Runtime.builder();
                            if (args.length > 0 && args[0].equals("no-signals")) {
                                builder.handleSignals(false);
                            }
                            Runtime runtime = builder.build();
                            runtime.addSink(new EventSink() {
                                public void handle(Event<?> e) {
                                    System.out.println(e.payload().getClass().getSimpleName());
                                    System.out.flush();
                                }
                            });
                            runtime.run();
                            System.out.println("stopped: " + runtime.shutdownReason().orElse("-"));
                        }
                    }
                    """);

    @Test
    void sigtermShutsARunningRuntimeDownGracefullyByDefault() throws Exception {
        Result r = runAndTerminate();
        assertEquals(0, r.status, r.lines.toString());
        int shuttingDown = r.lines.indexOf("FrameworkShuttingDown");
        assertTrue(shuttingDown > r.lines.indexOf("FrameworkBooted"), r.lines.toString());
        assertEquals(List.of("RuntimeShutdown", "stopped: SIGTERM"), r.lines.subList(r.lines.size() - 2, r.lines.size()));
    }

    @Test
    void withHandleSignalsFalseSigtermEndsTheJvmWithoutAShutdown() throws Exception {
        Result r = runAndTerminate("no-signals");
        assertEquals(128 + 15, r.status, r.lines.toString());
        assertFalse(r.lines.contains("FrameworkShuttingDown"), r.lines.toString());
        assertFalse(r.lines.stream().anyMatch(l -> l.startsWith("stopped")), r.lines.toString());
    }

    private record Result(int status, List<String> lines) {}

    /** Starts the application, waits until it has booted, sends it SIGTERM, and collects what it printed. */
    private Result runAndTerminate(String... args) throws IOException, InterruptedException {
        Path jar = PluginJars.build(dir, "app", APP, Map.of(),
                List.of(PluginJars.locationOf("io.bussdcc.api"), PluginJars.locationOf("io.bussdcc.runtime")));
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = String.join(File.pathSeparator, PluginJars.locationOf("io.bussdcc.api").toString(),
                PluginJars.locationOf("io.bussdcc.runtime").toString(), jar.toString());
        List<String> command = new ArrayList<>(List.of(javaBin, "--module-path", modulePath,
                "--add-modules", "jdk.unsupported", "-m", "com.example.app/com.example.app.Main"));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("FrameworkBooted")) {
                    child.toHandle().destroy(); // SIGTERM, leaving our end of its output open
                }
            }
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        return new Result(child.exitValue(), lines);
    }
}
