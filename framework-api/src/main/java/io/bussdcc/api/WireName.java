package io.bussdcc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field name a record component is recorded under, when it cannot be the component's own
 * name — a Java keyword such as {@code interface}, or a name fixed by an existing log format.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface WireName {

    /** The name written to and read from logs. */
    String value();
}
