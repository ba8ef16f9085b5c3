package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The image's command line: help, version, identity, exit statuses and configuration precedence. */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void identityPrintsOneValidJsonObjectWithTheMachinesFacts() throws Exception {
        Image.Result r = Image.run(dir, "identity");
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), r.stdout())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    fields.put(name, p.getValueAsString());
                }
            }
            assertEquals(null, p.nextToken(), "nothing after the object");
        }
        assertNotNull(fields.get("hostname"), fields.toString());
        // The machine's online CPUs, as the C library counts them: not the JVM's
        // availableProcessors(), which a CPU affinity mask or a container's CPU quota lowers.
        assertEquals(onlineCpus(), fields.get("cpuCount"));
        assertTrue(fields.containsKey("serial"), fields.toString());
    }

    private static String onlineCpus() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "_NPROCESSORS_ONLN").redirectErrorStream(true).start();
        String out = new String(getconf.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertEquals(0, getconf.waitFor(), "getconf _NPROCESSORS_ONLN: " + out);
        return out;
    }

    @Test
    void versionAndHelpExitZeroOnStdout() throws Exception {
        Image.Result version = Image.run(dir, "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().startsWith("bussdcc 0."), version.stdout());

        Image.Result help = Image.run(dir, "--help");
        assertEquals(0, help.exitCode());
        for (String command : new String[] {"run", "replay", "cat", "identity"}) {
            assertTrue(help.stdout().contains("  " + command + " "), help.stdout());
            Image.Result commandHelp = Image.run(dir, command, "--help");
            assertEquals(0, commandHelp.exitCode(), commandHelp.toString());
            assertTrue(commandHelp.stdout().startsWith("Usage: bussdcc " + command), commandHelp.stdout());
            assertEquals("", commandHelp.stderr());
        }
    }

    @ParameterizedTest(name = "bussdcc {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                  | no command given",
        "frobnicate                          | unknown command 'frobnicate'",
        "run --bogus                         | unknown option --bogus",
        "run --for                           | option --for needs a value (DURATION)",
        "run --for soon                      | --for: 'soon' is not a duration",
        "run --web 127.0.0.1:70000           | --web: port 70000 is not between 0 and 65535",
        "run --web 127.0.0.1:1 --no-web      | --web and --no-web exclude each other",
        "run --console=yes                   | option --console takes no value",
        "run --set nokey                     | --set needs KEY=VALUE, not 'nokey'",
        "run extra                           | unexpected argument 'extra'",
        "replay                              | missing SOURCE",
        "replay events --speed fast          | --speed:",
        "cat events --from teatime           | --from: 'teatime' is not a time",
        "cat a b                             | unexpected argument 'b'",
        "cat events --type ''                | --type: '' is not a type pattern: it is empty",
        "identity --root                     | option --root needs a value (DIR)",
    })
    void badArgumentsExitTwoWithAReasonAndTheUsage(String args, String reason) throws Exception {
        String[] argv = args.isBlank() ? new String[0] : args.strip().split(" +");
        for (int i = 0; i < argv.length; i++) {
            argv[i] = argv[i].equals("''") ? "" : argv[i];
        }
        Image.Result r = Image.run(dir, argv);
        assertEquals(2, r.exitCode(), r.toString());
        String[] lines = r.stderr().split("\n");
        assertTrue(lines[0].contains(reason), "first line '" + lines[0] + "' should say: " + reason);
        assertTrue(lines[1].startsWith("Usage: bussdcc"), r.stderr());
        assertEquals("", r.stdout());
    }

    @ParameterizedTest(name = "bussdcc {0}")
    @CsvSource(delimiter = '|', value = {
        "cat does-not-exist                  | does-not-exist does not exist",
        "run --plugins no-such-dir --no-web  | plugins folder no-such-dir does not exist",
        "run --config missing.properties     | missing.properties",
        "identity --root no-such-root        | --root no-such-root is not a folder",
    })
    void failuresExitOneWithOneLineAndNoStackTrace(String args, String says) throws Exception {
        Image.Result r = Image.run(dir, args.strip().split(" +"));
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
        assertTrue(r.stderr().contains(says), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void debugShowsTheStackTraceOfAFailure() throws Exception {
        Image.Result r = Image.run(dir, "cat", "does-not-exist", "--debug");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("\tat io.bussdcc.cli@"), r.stderr());
    }

    @Test
    void configurationPrecedenceIsFlagsThenSystemPropertiesThenEnvironmentThenFile() throws Exception {
        Path file = dir.resolve("bussdcc.properties");
        Files.writeString(file, "sink.jsonl.dir=from-file\ninterface.web.enabled=false\n");

        Image.Result fileOnly = Image.run(dir, "run", "--config", file.toString(), "--for", "300ms");
        assertEquals(0, fileOnly.exitCode(), fileOnly.toString());
        assertTrue(Files.isDirectory(dir.resolve("from-file")), "the file's dir");
        assertTrue(fileOnly.stderr().contains("disabled by 'interface.web.enabled' in configuration file"), fileOnly.stderr());

        Map<String, String> env = Map.of("BUSSDCC_SINK_JSONL_DIR", "from-env");
        Image.Result envOverFile = Image.run(dir, env, "run", "--config", file.toString(), "--for", "300ms");
        assertEquals(0, envOverFile.exitCode(), envOverFile.toString());
        assertTrue(Files.isDirectory(dir.resolve("from-env")), "the environment wins over the file");

        Map<String, String> props = Map.of("BUSSDCC_SINK_JSONL_DIR", "from-env", "JAVA_OPTS", "-Dbussdcc.sink.jsonl.dir=from-prop");
        Image.Result propOverEnv = Image.run(dir, props, "run", "--config", file.toString(), "--for", "300ms");
        assertEquals(0, propOverEnv.exitCode(), propOverEnv.toString());
        assertTrue(Files.isDirectory(dir.resolve("from-prop")), "system properties win over the environment");

        Image.Result flagOverAll = Image.run(dir, props, "run", "--config", file.toString(), "--for", "300ms",
                "--events", "from-flag");
        assertEquals(0, flagOverAll.exitCode(), flagOverAll.toString());
        assertTrue(Files.isDirectory(dir.resolve("from-flag")), "the flag wins over everything");
    }

    @Test
    void aProviderCanBeDisabledAndConfigurationNamingNoProviderIsAnError() throws Exception {
        Image.Result disabled = Image.run(dir, "run", "--no-web", "--for", "300ms", "--set", "service.greenhouse.enabled=false",
                "--events", "quiet");
        assertEquals(0, disabled.exitCode(), disabled.toString());
        assertTrue(disabled.stderr().contains("disabled service   greenhouse"), disabled.stderr());
        assertFalse(Logs.read(dir.resolve("quiet")).stream()
                .anyMatch(e -> e.payload() instanceof io.bussdcc.examples.greenhouse.SensorReading));

        Image.Result unknown = Image.run(dir, "run", "--no-web", "--for", "300ms", "--set", "sink.nosuch.enabled=true");
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("sink 'nosuch'"), unknown.stderr());
    }
}
