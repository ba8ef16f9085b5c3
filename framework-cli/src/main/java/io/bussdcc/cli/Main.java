package io.bussdcc.cli;

import java.util.List;

/** The entry point of the {@code bussdcc} command; see {@code docs/cli.md}. */
public final class Main {

    private Main() {}

    /** Runs the command and ends the JVM with its exit status. */
    public static void main(String[] args) {
        oneLineLogs();
        Io io = new Io(System.out, System.err, System.console() != null);
        int status = new Cli(io, List.of(new RunCommand(), new IdentityCommand())).run(args);
        // Exit explicitly: non-daemon threads of components (a web server's) must not keep the JVM up.
        System.exit(status);
    }

    /** Log records as one line each ({@code WARNING logger: message}) unless the user chose a format. */
    private static void oneLineLogs() {
        String format = "%4$s %3$s: %5$s%6$s%n";
        for (String property : new String[] {"java.util.logging.SimpleFormatter.format", "jdk.system.logger.format"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, format);
            }
        }
    }
}
