package io.bussdcc.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;

/** How failures are described in error messages. */
final class Failures {

    /** Tracebacks longer than this are cut: a deep recursion must not make a megabyte event. */
    private static final int MAX_TRACEBACK = 16 * 1024;

    private Failures() {}

    /** One line naming the failure, like Python's {@code repr(e)}: {@code IllegalStateException: boom}. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getName();
        return message == null ? name : name + ": " + message;
    }

    /** The stack trace as text, cut to a bounded length. */
    static String traceback(Throwable t) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            t.printStackTrace(writer);
        }
        String text = out.toString();
        return text.length() <= MAX_TRACEBACK ? text : text.substring(0, MAX_TRACEBACK) + "\n\t... (cut)\n";
    }

    /** Keeps an interrupt visible to the thread's owner after a handler swallowed it. */
    static void restoreInterrupt(Throwable t) {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
