package io.bussdcc.cli;

/** A command could not do its work: exit status 1 and this one line on stderr. */
final class CliFailure extends RuntimeException {

    CliFailure(String message) {
        super(message);
    }

    CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
