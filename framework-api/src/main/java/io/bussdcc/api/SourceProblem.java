package io.bussdcc.api;

/**
 * A record a source could not read as it was written.
 *
 * @param source where it was read from (a file path, for a log)
 * @param line   its line number, 1-based
 * @param reason why it is bad, in words
 */
public record SourceProblem(String source, long line, String reason) {

    /** {@code source:line: reason}, the way compilers report. */
    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
