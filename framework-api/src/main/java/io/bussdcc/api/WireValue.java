package io.bussdcc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of an enum whose result is what a constant is recorded as, instead of its
 * {@code name()}: a Python {@code Enum}'s {@code .value} ({@code "auto"}, or {@code 1} for an
 * {@code IntEnum}). The method takes no arguments and returns a {@code String}, an {@code int}
 * or a {@code long}, distinct per constant. Reading accepts the value and the name, so logs
 * written before the annotation was added still read. For types the registry marks as
 * {@linkplain MessageTypeRegistry#fromPython from Python}, a public {@code value()} method is
 * used without the annotation. See {@code docs/jsonl-log.md} and {@code docs/python.md}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WireValue {}
