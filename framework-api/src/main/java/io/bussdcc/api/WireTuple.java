package io.bussdcc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a record as a JSON array of its components in declaration order, instead of an
 * object: a fixed Python tuple such as {@code tuple[int, str]} ({@code [3, "low"]}). Reading
 * requires exactly as many elements as the record has components. For a record held inside a
 * message; a message's own data is always an object. See {@code docs/jsonl-log.md}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WireTuple {}
