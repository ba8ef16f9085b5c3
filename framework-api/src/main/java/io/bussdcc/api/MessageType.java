package io.bussdcc.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable type name a message type is recorded under.
 *
 * <p>Logs outlive code: give every message type you record a name that will not change when
 * the class is renamed or moved. Without this annotation the name is derived from the class
 * ({@code package:SimpleName}, nested classes as {@code package:Outer.Inner}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {

    /** The type name, for example {@code "greenhouse.sensors:SensorReading"}. */
    String value();
}
