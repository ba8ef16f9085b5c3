package io.bussdcc.api;

/**
 * A record a source could not read as it was written.
 *
 * @param source where it was read from (a file path, for a log)
 * @param line   its line number, 1-based
 * @param reason why it is bad, in words
 */
public record SourceProblem(String source, long line, String reason) {

    /**
     * {@code source:line: reason}, the way compilers report, with the source and reason made
     * {@linkplain SafeText safe to print}: both may hold whatever a log holds.
     */
    @Override
    public String toString() {
        return SafeText.escape(source) + ":" + line + ": " + SafeText.escape(reason);
    }
}
