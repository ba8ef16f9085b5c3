package io.bussdcc.web.form;

import java.util.Objects;

/**
 * One choice of a select: the submitted {@code value} and the shown {@code label}.
 *
 * @param value what the form submits
 * @param label what the user sees; the value when {@code null}
 */
public record Option(String value, String label) {

    /** Checks the option; a {@code null} label becomes the value. */
    public Option {
        Objects.requireNonNull(value, "option value");
        if (label == null) {
            label = value;
        }
    }

    /** An option shown as its value. */
    public static Option of(String value) {
        return new Option(value, value);
    }
}
