package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code replay --web [HOST:PORT]}: the optional value, the address it sets, and what it cannot be combined with. */
class ReplayWebArgumentsTest {

    private static final List<Option> OPTIONS = List.of(ReplayCommand.WEB, Option.flag("--console", ""));

    private static Arguments parse(String... tokens) throws UsageException {
        return Arguments.parse(List.of(tokens), OPTIONS);
    }

    @Test
    void theValueIsOptionalAndTakenFromTheNextTokenOnlyWhenItLooksLikeHostPort() throws Exception {
        assertEquals(Optional.of(""), parse("events", "--web").value("--web"));
        assertEquals(List.of("events"), parse("--web", "events").positionals());
        assertEquals(Optional.of(""), parse("--web", "events").value("--web"));
        assertEquals(Optional.of("127.0.0.1:8080"), parse("--web", "127.0.0.1:8080", "events").value("--web"));
        assertEquals(Optional.of(":0"), parse("--web", ":0", "events").value("--web"));
        assertEquals(Optional.of("[::1]:5000"), parse("--web", "[::1]:5000").value("--web"));
        assertEquals(Optional.of("x"), parse("--web=x").value("--web"));
        assertTrue(parse("--web", "--console").has("--console"));
        assertEquals("--web [HOST:PORT]", ReplayCommand.WEB.synopsis());
    }

    @Test
    void theAddressBecomesTheWebInterfacesHostAndPort() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        WebReplay.listenFlags("0.0.0.0:8080", flags);
        assertEquals(Map.of("interface.web.host", "0.0.0.0", "interface.web.port", "8080"), flags);
        flags.clear();
        WebReplay.listenFlags(":0", flags);
        assertEquals(Map.of("interface.web.port", "0"), flags);
        flags.clear();
        WebReplay.listenFlags("[::1]:5001", flags);
        assertEquals(Map.of("interface.web.host", "::1", "interface.web.port", "5001"), flags);
        flags.clear();
        WebReplay.listenFlags("", flags);
        assertEquals(Map.of(), flags);
        assertEquals("--web localhost: give HOST:PORT (127.0.0.1:5000) or :PORT",
                assertThrows(UsageException.class, () -> WebReplay.listenFlags("localhost", new LinkedHashMap<>())).getMessage());
        assertEquals("--web h:99999: the port '99999' is not a number from 0 to 65535",
                assertThrows(UsageException.class, () -> WebReplay.listenFlags("h:99999", new LinkedHashMap<>())).getMessage());
    }

    @Test
    void webCannotBeCombinedWithOutputSinksOrMaxGapAndSaysWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new Io(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new ReplayCommand()));
        assertEquals(2, cli.run(new String[] {"replay", "events", "--web", "--out", "replayed"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "bussdcc replay: --out cannot be used with --web (the timeline replays the log again at each seek back)\n"),
                err.toString(StandardCharsets.UTF_8));
    }
}
