package io.bussdcc.cli;

import java.io.PrintStream;

/**
 * Where a command writes: {@code out} for its product (events, JSON), {@code err} for everything
 * said to the person running it.
 *
 * @param out         standard output
 * @param err         standard error
 * @param interactive whether a person watches stderr on a terminal (see {@link Main#interactive()}):
 *                    only then is progress redrawn in place
 */
record Io(PrintStream out, PrintStream err, boolean interactive) {}
