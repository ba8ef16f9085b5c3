package io.bussdcc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The grammar of docs/type-patterns.md. */
class TypeFilterTest {

    @Test
    void noPatternsAcceptEveryName() {
        assertSame(TypeFilter.ALL, TypeFilter.of());
        assertSame(TypeFilter.ALL, TypeFilter.parse(" "));
        assertTrue(TypeFilter.ALL.acceptsAll());
        assertTrue(TypeFilter.ALL.accepts("a:B"));
        assertTrue(TypeFilter.ALL.accepts(null));
        assertEquals("", TypeFilter.ALL.toString());
    }

    @Test
    void anExactNameMatchesOnlyItself() {
        TypeFilter f = TypeFilter.of("greenhouse:Alarm");
        assertTrue(f.accepts("greenhouse:Alarm"));
        assertFalse(f.accepts("greenhouse:AlarmCleared"));
        assertFalse(f.accepts("x.greenhouse:Alarm"));
        assertFalse(f.acceptsAll());
    }

    @Test
    void aTrailingStarIsAPrefix() {
        TypeFilter f = TypeFilter.of("greenhouse.*", "x*");
        assertTrue(f.accepts("greenhouse.sensors:SensorReading"));
        assertTrue(f.accepts("xylophone:Note"));
        assertTrue(f.accepts("x"));
        assertFalse(f.accepts("greenhouse:Alarm"));
    }

    @Test
    void aLeadingStarIsASuffix() {
        TypeFilter f = TypeFilter.of("*Alarm");
        assertTrue(f.accepts("greenhouse:Alarm"));
        assertTrue(f.accepts("Alarm"));
        assertFalse(f.accepts("greenhouse:AlarmCleared"));
    }

    @Test
    void starsAnywhereMatchAnyRunOfCharacters() {
        TypeFilter f = TypeFilter.of("greenhouse*:*Reading");
        assertTrue(f.accepts("greenhouse.sensors:SensorReading"));
        assertTrue(f.accepts("greenhouse:Reading"));
        assertFalse(f.accepts("greenhouse.sensors:ReadingLost"));
        assertFalse(f.accepts("other:SensorReading"));
        TypeFilter middle = TypeFilter.of("*sensor*");
        assertTrue(middle.accepts("greenhouse.sensors:X"));
        assertFalse(middle.accepts("greenhouse:Alarm"));
        // The middle pieces may not overlap the anchored ends.
        assertFalse(TypeFilter.of("ab*b*bc").accepts("abbc"));
        assertTrue(TypeFilter.of("ab*b*bc").accepts("abbbc"));
        assertTrue(TypeFilter.of("*").accepts(""));
        assertTrue(TypeFilter.of("**").accepts("anything"));
    }

    @Test
    void exclusionsWinAndAloneExcludeFromEverything() {
        TypeFilter f = TypeFilter.of("greenhouse:*", "!greenhouse:SensorReading", "x:A");
        assertTrue(f.accepts("greenhouse:Alarm"));
        assertTrue(f.accepts("x:A"));
        assertFalse(f.accepts("greenhouse:SensorReading"));
        assertFalse(f.accepts("x:AB"));

        TypeFilter onlyExcludes = TypeFilter.of("!a:*", "!*Debug");
        assertTrue(onlyExcludes.accepts("b:C"));
        assertFalse(onlyExcludes.accepts("a:C"));
        assertFalse(onlyExcludes.accepts("b:Debug"));
        assertFalse(TypeFilter.of("!*").accepts("b:C"));
    }

    @Test
    void patternsAreStrippedDeduplicatedAndKeptInOrder() {
        TypeFilter f = TypeFilter.parse(" greenhouse:* , !greenhouse:SensorReading,greenhouse:*,x:A");
        assertEquals(List.of("greenhouse:*", "!greenhouse:SensorReading", "x:A"), f.patterns());
        assertEquals("greenhouse:*,!greenhouse:SensorReading,x:A", f.toString());
        assertEquals(f, TypeFilter.parse(f.toString()));
        assertEquals(f.hashCode(), TypeFilter.parse(f.toString()).hashCode());
    }

    @Test
    void badPatternsAreRefusedNamingThem() {
        for (String bad : new String[] {"", " ", "!", "! ", "a,b", "a b", "a!b", "!!a"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeFilter.of(bad), bad);
            assertTrue(e.getMessage().startsWith("'" + bad + "' is not a type pattern"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("a:*,,b"));
        assertTrue(e.getMessage().contains("it is empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("a:*,"));
    }

    @Test
    void matchingAgreesWithTheRegularExpressionOfTheGlob() {
        // Small alphabets so that patterns and names often meet.
        qt().withFixedSeed(13L).withExamples(20_000)
                .forAll(strings().betweenCodePoints('a', 'c').ofLengthBetween(0, 4),
                        strings().betweenCodePoints('a', 'c').ofLengthBetween(0, 4),
                        strings().betweenCodePoints('a', 'c').ofLengthBetween(0, 3),
                        strings().betweenCodePoints('a', 'c').ofLengthBetween(0, 8))
                .checkAssert((x, y, z, name) -> {
                    for (String pattern : new String[] {x + "*", "*" + y, x + "*" + y, x + "*" + y + "*" + z,
                            "*" + x + "*" + y, x + "*" + y + "*", "*" + x + "*"}) {
                        boolean expected = regexOf(pattern).matcher(name).matches();
                        assertEquals(expected, TypeFilter.of(pattern).accepts(name), pattern + " on '" + name + "'");
                        assertEquals(!expected, TypeFilter.of("!" + pattern).accepts(name), "!" + pattern);
                    }
                });
    }

    private static Pattern regexOf(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
