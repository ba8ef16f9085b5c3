package io.bussdcc.codec;

/**
 * Input that does not decode: malformed JSON, a missing or mistyped field, an unregistered
 * type name. The message names the field (as a path such as {@code data.tags[2]}) and says what
 * was expected.
 */
public final class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String path;

    /** A failure not tied to one field. */
    public CodecException(String reason) {
        this(reason, "");
    }

    /**
     * A failure at {@code path}.
     *
     * @param reason what is wrong, in words
     * @param path   where: {@code time}, {@code data.sensor}, {@code data.tags[2]}; empty for the
     *               whole input
     */
    public CodecException(String reason, String path) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.reason = reason;
        this.path = path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }

    /** Where the failure is ({@code data.tags[2]}); empty when it concerns the whole input. */
    public String path() {
        return path;
    }

    /** The same failure one level further out: {@code segment} is a field name or {@code [i]}. */
    CodecException under(String segment) {
        return new CodecException(reason, FieldPath.join(segment, path));
    }
}
