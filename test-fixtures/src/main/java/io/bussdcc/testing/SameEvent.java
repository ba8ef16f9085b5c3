package io.bussdcc.testing;

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
public final class SameEvent {

    private SameEvent() {}

    /** Fails unless the two JSONL lines hold the same event in the sense above. */
    public static void assertSameEvent(String original, String again) {
        Map<String, Object> a = JsonTree.object(original);
        Map<String, Object> b = JsonTree.object(again);
        same("time", instant((String) a.get("time")), instant((String) b.get("time")), original, again);
        same("type", a.get("type"), b.get("type"), original, again);
        same("data", normal(a.get("data")), normal(b.get("data")), original, again);
    }

    private static void same(String what, Object a, Object b, String original, String again) {
        if (!java.util.Objects.equals(a, b)) {
            throw new AssertionError("not the same " + what + " (" + a + " / " + b + "):\n  " + original + "\n  " + again);
        }
    }

    /** The value with numbers as doubles and times as instants, so that equals is JSON equality. */
    public static Object normal(Object v) {
        return switch (v) {
            case Map<?, ?> m -> {
                Map<Object, Object> out = new java.util.LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, normal(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(SameEvent::normal).toList();
            case Number n -> n.doubleValue();
            case String s -> {
                Instant t = instantOrNull(s);
                yield t != null ? t : s;
            }
            case null -> null;
            default -> v;
        };
    }

    public static Instant instant(String text) {
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
