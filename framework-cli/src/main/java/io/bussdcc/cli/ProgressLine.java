package io.bussdcc.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A status line redrawn in place with {@code \r} a few times a second, for a person watching
 * a terminal. Made only when the output is interactive, so redirected output never holds it.
 */
final class ProgressLine implements AutoCloseable {

    private static final long PERIOD_MS = 200;

    private final PrintStream err;
    private final Supplier<String> status;
    private final Thread thread;
    private int lastWidth;
    private volatile boolean closed;

    ProgressLine(PrintStream err, Supplier<String> status) {
        this.err = err;
        this.status = status;
        this.thread = Thread.ofPlatform().daemon().name("bussdcc-progress").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            draw(status.get());
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw(String text) {
        if (closed) {
            return;
        }
        int pad = Math.max(0, lastWidth - text.length());
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
        lastWidth = text.length();
    }

    /** Prints {@code line} above the progress line, which the next redraw puts back. */
    synchronized void println(String line) {
        erase();
        err.println(line);
        err.flush();
    }

    private void erase() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    /** Erases the line, so whatever is printed next starts on a clean line. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            erase();
            err.flush();
        }
        thread.interrupt();
    }
}
