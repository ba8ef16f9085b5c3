package io.bussdcc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when its field is absent from the recorded data, as a
 * Python dataclass field's default: the JSON text of the value ({@code "5"}, {@code "\"C\""},
 * {@code "[]"}, {@code "\"auto\""}), read with the component's own type when the codec is
 * built, so a default that does not fit fails at once, naming the component. A field present
 * as {@code null} stays {@code null}. See {@code docs/jsonl-log.md}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface WireDefault {

    /** The default, as JSON text. */
    String value();
}
