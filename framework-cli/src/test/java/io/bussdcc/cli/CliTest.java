package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher in-process: exit statuses and where the words go. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false),
            List.of(new RunCommand(), new ReplayCommand(), new CatCommand(), new IdentityCommand()));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndThePrecedence() {
        assertEquals(0, cli.run(new String[] {"--help"}));
        for (String c : new String[] {"run", "replay", "cat", "identity"}) {
            assertTrue(out().contains("\n  " + c + " "), out());
        }
        assertTrue(out().contains("-Dbussdcc.KEY=VALUE"), out());
        assertEquals("", err());
    }

    @Test
    void commandHelpListsItsOptions() {
        assertEquals(0, cli.run(new String[] {"replay", "--help"}));
        for (String option : new String[] {"--speed X|max", "--from TIME", "--to TIME", "--type NAME", "--out DIR", "--console",
                "--debug", "--help"}) {
            assertTrue(out().contains("  " + option), option + " in:\n" + out());
        }
    }

    @Test
    void aUsageErrorIsTheReasonThenTheUsageOnStderr() {
        assertEquals(2, cli.run(new String[] {"cat", "--frm", "x"}));
        assertEquals("""
                bussdcc cat: unknown option --frm
                Usage: bussdcc cat SOURCE [--from TIME] [--to TIME] [--type NAME]... [--severity LEVEL] [--last N] [--follow] [--format json|pretty|csv] [--fields A,B] [--plugins DIR] [--config FILE] [--set KEY=VALUE]...
                Try 'bussdcc cat --help' for more.
                """, err());
        assertEquals("", out());
    }

    @Test
    void anEmptyEventsFolderIsAUsageError() {
        assertEquals(2, cli.run(new String[] {"run", "--events", "", "--for", "1s"}));
        assertTrue(err().startsWith("bussdcc run: --events is empty: give the folder to record into\n"), err());
    }

    @Test
    void anUnknownKeyOfAProviderStopsTheRunNamingTheClosestKey() {
        // Composition refuses it before anything starts (the web interface is made, not started).
        assertEquals(1, cli.run(new String[] {"run", "--web", "127.0.0.1:0", "--for", "1s",
            "--set", "interface.web.tokn=s3cret"}));
        assertTrue(err().contains("unknown configuration key 'interface.web.tokn' (setting 'interface.web.tokn')"
                + " — did you mean 'interface.web.token'?"), err());
    }

    @Test
    void helpAfterAnOptionStillHelps() {
        assertEquals(0, cli.run(new String[] {"run", "--for", "1s", "--help"}));
        assertTrue(out().startsWith("Usage: bussdcc run"), out());
    }

    @Test
    void aLocationOfAPluginsSchemeWithoutThePluginSaysHowToLoadIt() {
        assertEquals(1, cli.run(new String[] {"cat", "kafka://127.0.0.1:9092/fleet?device=gh-01"}));
        assertTrue(err().startsWith("bussdcc cat: no source provider reads kafka:// locations (found: "), err());
        assertTrue(err().contains("load the plugin that does with --plugins DIR"), err());
    }
}
