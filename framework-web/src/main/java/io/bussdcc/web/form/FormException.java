package io.bussdcc.web.form;

/**
 * A record type that cannot be a form (a component of a kind forms do not support, a recursive
 * record, a bad {@link FormField}); the message names the component.
 */
public final class FormException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public FormException(String message) {
        super(message);
    }
}
