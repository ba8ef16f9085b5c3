package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar dropped into {@code --plugins DIR} is composed into the image's runtime. */
class PluginJarIT {

    @TempDir
    Path dir;

    private static final String MODULE_INFO = """
            module probe.plugin {
                requires io.bussdcc.api;
                provides io.bussdcc.api.spi.SinkProvider with probe.ProbeSinkProvider;
            }
            """;

    /** A sink that writes the type name of every event it receives to the file {@code sink.probe.file}. */
    private static final String PROVIDER = """
            package probe;

            import io.bussdcc.api.Config;
            import io.bussdcc.api.Context;
            import io.bussdcc.api.Event;
            import io.bussdcc.api.EventSink;
            import io.bussdcc.api.spi.SinkProvider;
            import java.io.IOException;
            import java.io.Writer;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

            public final class ProbeSinkProvider implements SinkProvider {
                public String name() { return "probe"; }

                public EventSink create(Config config) {
                    Path file = Path.of(config.require("file"));
                    return new EventSink() {
                        private Writer out;
                        private Context ctx;

                        public void start(Context ctx) throws IOException {
                            this.ctx = ctx;
                            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                        }

                        public synchronized void handle(Event<?> event) throws IOException {
                            if (out != null) {
                                out.write(ctx.messageTypes().nameOf(event.payload()) + "\\n");
                            }
                        }

                        public synchronized void stop() throws IOException {
                            if (out != null) {
                                out.close();
                                out = null;
                            }
                        }
                    };
                }
            }
            """;

    @Test
    void aSinkProviderJarInThePluginsFolderReceivesEvents() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = buildPlugin(plugins);
        Path received = dir.resolve("probe.txt");

        Image.Result r = Image.run(dir, "run", "--plugins", plugins.toString(), "--no-web", "--for", "1s",
                "--events", "events", "--set", "sink.probe.file=" + received);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("enabled  sink      probe        (module probe.plugin, " + jar.toUri()),
                "the report names the plugin's module and jar: " + r.stderr());

        List<String> types = Files.readAllLines(received, StandardCharsets.UTF_8);
        assertEquals("bussdcc.message.runtime:RuntimeBooting", types.get(0));
        assertEquals("bussdcc.message.runtime:RuntimeShutdown", types.get(types.size() - 1));
        assertTrue(types.contains("greenhouse:SensorReading"), types.toString());
        // Events emitted on two threads at once may reach the two sinks in either order.
        assertEquals(Logs.read(dir.resolve("events")).stream().map(Logs::typeOf).sorted().toList(),
                types.stream().sorted().toList(), "the plugin sink sees what the JSONL sink records");
    }

    @Test
    void aJarInTheImagesPluginsFolderIsLoadedWithoutTheOption() throws Exception {
        assertTrue(Files.isDirectory(Image.HOME.resolve("plugins")), "the image has a plugins folder next to bin/");
        // An image of our own to drop the jar into: its launcher (a copy, so $DIR is ours) and a
        // link to the image's JVM, which finds its modules through the link.
        Path image = dir.resolve("image");
        Path bin = Files.createDirectories(image.resolve("bin"));
        Files.copy(Image.LAUNCHER, bin.resolve("bussdcc"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(bin.resolve("java"), Image.HOME.resolve("bin/java"));
        Path jar = buildPlugin(Files.createDirectories(image.resolve("plugins")));
        Path received = dir.resolve("probe.txt");

        Process p = new ProcessBuilder(bin.resolve("bussdcc").toString(), "run", "--no-web", "--for", "1s",
                "--events", "events", "--set", "sink.probe.file=" + received)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after 60 s");
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("enabled  sink      probe        (module probe.plugin, " + jar.toUri()), out);
        assertTrue(Files.readAllLines(received, StandardCharsets.UTF_8).contains("greenhouse:SensorReading"));
    }

    /** A web plugin adding one route. */
    private static final String WEB_PLUGIN = """
            package probe.web;

            import io.bussdcc.web.WebContext;
            import io.bussdcc.web.spi.WebPlugin;
            import io.helidon.webserver.http.HttpRouting;

            public final class HelloPlugin implements WebPlugin {
                public String name() { return "hello"; }

                public void register(HttpRouting.Builder routing, WebContext web) {
                    routing.get("/hello", (req, res) -> res.send("hello from a dropped-in plugin"));
                }
            }
            """;

    @Test
    void aWebPluginJarInThePluginsFolderAddsItsRoutes() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("web-plugins"));
        jar(plugins.resolve("hello.jar"), classesOf("hello", Map.of(
                "module-info.java", """
                        module probe.web {
                            requires io.bussdcc.web;
                            requires io.helidon.webserver;
                            provides io.bussdcc.web.spi.WebPlugin with probe.web.HelloPlugin;
                        }
                        """,
                "probe/web/HelloPlugin.java", WEB_PLUGIN), List.of(Image.MODULES)));

        Image.Running running = Image.start(dir, Map.of(), "run", "--plugins", plugins.toString(),
                "--web", "127.0.0.1:0", "--for", "20s", "--events", "events");
        try {
            String err = running.awaitStderr("dashboard: http://", java.time.Duration.ofSeconds(30));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("dashboard: (http://\\S+?)/?\\s").matcher(err);
            assertTrue(m.find(), err);
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1) + "/hello")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("hello from a dropped-in plugin", response.body());
        } finally {
            running.kill();
        }
    }

    @Test
    void aPluginThatNeedsAModuleNobodyProvidesIsOneClearError() throws Exception {
        Path nowhere = classesOf("nowhere", Map.of(
                "module-info.java", "module org.nowhere { exports org.nowhere; }",
                "org/nowhere/Nothing.java", "package org.nowhere; public final class Nothing {}"), List.of());
        Path plugins = Files.createDirectories(dir.resolve("broken-plugins"));
        jar(plugins.resolve("needy.jar"), classesOf("needy", Map.of(
                "module-info.java", "module needy.plugin { requires io.bussdcc.api; requires org.nowhere; }",
                "needy/Marker.java", "package needy; public final class Marker { org.nowhere.Nothing n; }"),
                List.of(nowhere)));

        Image.Result r = Image.run(dir, "run", "--plugins", plugins.toString(), "--no-web", "--for", "1s");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("cannot load the plugins in " + plugins) && r.stderr().contains("org.nowhere"),
                r.stderr());
    }

    private Path buildPlugin(Path plugins) throws IOException {
        return jar(plugins.resolve("probe.jar"), classesOf("probe",
                Map.of("module-info.java", MODULE_INFO, "probe/ProbeSinkProvider.java", PROVIDER), List.of()));
    }

    private Path classesOf(String name, Map<String, String> sources, List<Path> modulePath) throws IOException {
        return TestPlugins.compile(dir, name, sources, modulePath);
    }

    private static Path jar(Path jar, Path classes) throws IOException {
        return TestPlugins.jar(jar, classes);
    }
}
