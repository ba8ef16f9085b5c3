package io.bussdcc.codec;

/**
 * A message that cannot be written: a NaN or infinite number (not valid JSON), a component type
 * the codec does not support, a null map key, a {@link io.bussdcc.api.RawMessage} whose data is
 * not one line of JSON. Unchecked because it is a fault of the message's author, not of input.
 */
public final class EncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String path;

    /**
     * A failure at {@code path}.
     *
     * @param reason what is wrong, in words
     * @param path   where, as in {@link CodecException#path()}; empty for the whole message
     */
    public EncodingException(String reason, String path) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.reason = reason;
        this.path = path;
    }

    EncodingException(String reason, String path, Throwable cause) {
        this(reason, path);
        initCause(cause);
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }

    /** Where the failure is ({@code data.value}); empty when it concerns the whole message. */
    public String path() {
        return path;
    }

    EncodingException under(String segment) {
        EncodingException e = new EncodingException(reason, FieldPath.join(segment, path));
        if (getCause() != null) {
            e.initCause(getCause());
        }
        return e;
    }
}
