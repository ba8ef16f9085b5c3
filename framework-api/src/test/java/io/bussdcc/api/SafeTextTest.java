package io.bussdcc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void ordinaryTextIsKept() {
        assertEquals("greenhouse.sensors:SensorReading 'é' ✓ C:\\dir \"q\" 🌱", SafeText.escape(
                "greenhouse.sensors:SensorReading 'é' ✓ C:\\dir \"q\" 🌱"));
        assertEquals("null", SafeText.escape(null));
    }

    @Test
    void controlsEscapesBidiAndLineBreaksBecomeVisible() {
        assertEquals("a\\nb\\rc\\td\\u001B[31mred\\u001B]0;title\\u0007\\u0000\\u007F\\u009B",
                SafeText.escape("a\nb\rc\td\u001B[31mred\u001B]0;title\u0007\u0000\u007F\u009B"));
        assertEquals("x\\u202Eevil\\u202C\\u2066\\u2069\\u200F\\u061C\\u2028\\u2029",
                SafeText.escape("x\u202Eevil\u202C\u2066\u2069\u200F\u061C\u2028\u2029"));
        assertEquals("lone \\uD800 and \\uDC00", SafeText.escape("lone \uD800 and \uDC00"));
    }

    @Test
    void longTextIsCutAndItsLengthGiven() {
        assertEquals("abc…(10 chars)", SafeText.escape("abcdefghij", 3));
        assertEquals("abcdefghij", SafeText.escape("abcdefghij", 10));
        assertEquals("a\\n…(4 chars)", SafeText.escape("a\nbc", 2));
        assertEquals("a…(3 chars)", SafeText.escape("a🌱", 2), "a pair cut by the limit is left out whole");
    }

    @Test
    void whateverTheInputTheOutputHasNoUnsafeCharacterAndEscapingAgainChangesNothing() {
        qt().withFixedSeed(20261201L).withExamples(2000).forAll(strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 40))
                .checkAssert(s -> {
                    String once = SafeText.escape(s);
                    assertEquals(once, SafeText.escape(once));
                    once.chars().forEach(c -> assertTrue(c >= 0x20 && (c < 0x7F || c > 0x9F)
                            && "\u061C\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069".indexOf(c) < 0,
                            () -> "unsafe U+" + Integer.toHexString(c) + " in " + once));
                });
    }
}
