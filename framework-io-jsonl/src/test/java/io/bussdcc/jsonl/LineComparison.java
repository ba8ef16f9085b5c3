package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bussdcc.testing.JsonTree;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Compares a recorded line with its re-recording: the same time (as an instant: the original
 * writes {@code +00:00} and microseconds, we write {@code Z} and the shortest fraction), the same
 * type, and JSON-equal data — numbers by value, strings that are times with an offset as
 * instants (the time of an embedded event), everything else exactly.
 */
final class LineComparison {

    private LineComparison() {}

    static void assertSameEvent(String original, String again) {
        Map<String, Object> a = JsonTree.object(original);
        Map<String, Object> b = JsonTree.object(again);
        assertEquals(instant((String) a.get("time")), instant((String) b.get("time")), again);
        assertEquals(a.get("type"), b.get("type"), again);
        assertEquals(normal(a.get("data")), normal(b.get("data")), "data of " + original + "\n  and " + again);
    }

    /** The value with numbers as doubles and times as instants, so that equals is JSON equality. */
    static Object normal(Object v) {
        return switch (v) {
            case Map<?, ?> m -> {
                Map<Object, Object> out = new java.util.LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, normal(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(LineComparison::normal).toList();
            case Number n -> n.doubleValue();
            case String s -> {
                Instant t = instantOrNull(s);
                yield t != null ? t : s;
            }
            case null -> null;
            default -> v;
        };
    }

    static Instant instant(String text) {
        Instant t = instantOrNull(text);
        if (t == null) {
            throw new AssertionError("not a time with an offset: " + text);
        }
        return t;
    }

    private static Instant instantOrNull(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
