package io.bussdcc.web.form;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a record component looks and is checked in a generated form; on an enum constant, only
 * {@link #label()} counts (the option's text). Every element is optional. On a {@code List},
 * {@code Set} or {@code Map} component, {@code min}/{@code max}/{@code step}/{@code placeholder}
 * apply to the elements (a map's values) and {@code options} to the elements (a map's keys).
 * See {@code docs/web.md}, "Forms".
 *
 * <pre>{@code
 * record SetPump(@FormField(label = "Pump", options = "devices") String pump,
 *                @FormField(min = 0, max = 100, step = "5", help = "percent") int speed) implements Message {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface FormField {

    /** The label; by default the component's name in words ({@code maxTemp} → "Max temp"). */
    String label() default "";

    /** A help line shown below the input. */
    String help() default "";

    /** Components of one record with the same group are shown together in a fieldset of that title. */
    String group() default "";

    /** The least value (numbers), or the least length (text); none when NaN. */
    double min() default Double.NaN;

    /** The greatest value (numbers), or the greatest length (text); none when NaN. */
    double max() default Double.NaN;

    /**
     * The step: a positive number, or {@code any}. By default 1 for whole numbers and {@code any}
     * for {@code float}/{@code double}. A numeric step is checked on submit (counted from
     * {@code min}, or 0).
     */
    String step() default "";

    /**
     * Whether a value must be given. Primitives always need one; a {@code String} left empty
     * is {@code ""} unless this is set; a {@code List}/{@code Set}/{@code Map} must then have a
     * row. Other references left empty are {@code null} (or {@code Optional.empty()}) unless set.
     */
    boolean required() default false;

    /** The input's placeholder text. */
    String placeholder() default "";

    /**
     * A named source of choices resolved when the form is rendered and again when it is
     * submitted (the value must be one of them): {@code devices}, {@code devices.online},
     * {@code services}, {@code types}, {@code state:<path>}, or a name an
     * {@link OptionSource} adds. With no choices at that moment the input is free text.
     */
    String options() default "";
}
