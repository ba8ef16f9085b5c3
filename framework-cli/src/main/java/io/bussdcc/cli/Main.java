package io.bussdcc.cli;

import java.io.Console;
import java.util.List;

/** The entry point of the {@code bussdcc} command; see {@code docs/cli.md}. */
public final class Main {

    private Main() {}

    /** Runs the command and ends the JVM with its exit status. */
    public static void main(String[] args) {
        oneLineLogs(List.of(args).contains("--debug"));
        Io io = new Io(System.out, System.err, interactive());
        int status = new Cli(io, commands()).run(args);
        // Exit explicitly: non-daemon threads of components (a web server's) must not keep the JVM up.
        System.exit(status);
    }

    /** The commands, in the order the help lists them. */
    static List<Command> commands() {
        return List.of(new RunCommand(), new ReplayCommand(), new CatCommand(), new LogCommand(), new IdentityCommand(),
                new SqlCommand(), new BenchCommand());
    }

    /**
     * Whether a person watches stderr: the image's launcher tells (it tests {@code [ -t 2 ]});
     * otherwise a console that is a terminal counts.
     */
    static boolean interactive() {
        String told = System.getProperty("io.bussdcc.cli.stderr-terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+: System.console() exists even when redirected; isTerminal() tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | ClassCastException olderJava) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }

    /**
     * Log records (the web server's, the runtime's) as one line each, {@code WARNING logger:
     * message}, unless the user chose a format; their stack traces only with {@code --debug}.
     */
    static void oneLineLogs(boolean debug) {
        String format = debug ? "%4$s %3$s: %5$s%6$s%n" : "%4$s %3$s: %5$s%n";
        for (String property : new String[] {"java.util.logging.SimpleFormatter.format", "jdk.system.logger.format"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, format);
            }
        }
    }
}
