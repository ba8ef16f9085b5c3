package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hand-written argument parser. */
class ArgumentsTest {

    private static final List<Option> OPTIONS = List.of(
            Option.value("--events", "DIR", ""),
            Option.flag("--console", ""),
            Option.repeatable("--type", "NAME", ""));

    private static Arguments parse(String... tokens) throws UsageException {
        return Arguments.parse(List.of(tokens), OPTIONS);
    }

    @Test
    void valuesComeAfterASpaceOrAnEqualsSign() throws Exception {
        assertEquals(Optional.of("a"), parse("--events", "a").value("--events"));
        assertEquals(Optional.of("b=c"), parse("--events=b=c").value("--events"));
        assertEquals(Optional.of(""), parse("--events=").value("--events"));
    }

    @Test
    void flagsAndPositionalsAndRepeatableOptions() throws Exception {
        Arguments a = parse("logs", "--console", "--type", "x:A", "--type=x:*");
        assertTrue(a.has("--console"));
        assertFalse(a.has("--events"));
        assertEquals(List.of("logs"), a.positionals());
        assertEquals(List.of("x:A", "x:*"), a.values("--type"));
        assertEquals("logs", a.single("SOURCE"));
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        Arguments a = parse("--console", "--", "--events", "-x");
        assertEquals(List.of("--events", "-x"), a.positionals());
        assertFalse(a.has("--events"));
    }

    @Test
    void mistakesAreUsageErrorsNamingTheToken() {
        assertEquals("unknown option --evnts", assertThrows(UsageException.class, () -> parse("--evnts", "x")).getMessage());
        assertEquals("option --events needs a value (DIR)", assertThrows(UsageException.class, () -> parse("--events")).getMessage());
        assertEquals("option --events needs a value (DIR)",
                assertThrows(UsageException.class, () -> parse("--events", "--console")).getMessage());
        assertEquals("option --console takes no value", assertThrows(UsageException.class, () -> parse("--console=1")).getMessage());
        assertEquals("option --events is given more than once",
                assertThrows(UsageException.class, () -> parse("--events", "a", "--events", "b")).getMessage());
        assertEquals("missing SOURCE", assertThrows(UsageException.class, () -> parse().single("SOURCE")).getMessage());
        assertEquals("unexpected argument 'b' (only one SOURCE)",
                assertThrows(UsageException.class, () -> parse("a", "b").single("SOURCE")).getMessage());
    }

    @Test
    void aLoneDashIsAPositional() throws Exception {
        assertEquals(List.of("-"), parse("-").positionals());
    }
}
