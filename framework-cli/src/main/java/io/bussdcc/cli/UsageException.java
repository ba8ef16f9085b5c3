package io.bussdcc.cli;

/** The command line is wrong: exit status 2, the reason and the command's usage on stderr. */
final class UsageException extends Exception {

    UsageException(String reason) {
        super(reason);
    }
}
