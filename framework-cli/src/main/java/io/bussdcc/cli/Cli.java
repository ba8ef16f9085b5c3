package io.bussdcc.cli;

import io.bussdcc.api.ConfigException;
import io.bussdcc.runtime.CompositionException;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code bussdcc} command: picks the subcommand, parses its arguments and turns the outcome
 * into an exit status — 0 done, 1 failed (one line on stderr; the stack trace only with
 * {@code --debug}), 2 wrong usage (the reason and the usage on stderr).
 */
final class Cli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** {@code "1 problem"}, {@code "2 problems"}: a count and its noun, plural unless it is one. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Io io;

    Cli(Io io, List<Command> commands) {
        this.io = io;
        commands.forEach(c -> this.commands.put(c.name(), c));
    }

    int run(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        boolean debug = removeDebug(args);
        if (args.isEmpty()) {
            return usageError(null, "no command given");
        }
        String first = args.remove(0);
        switch (first) {
            case "--version", "-V", "version" -> {
                io.out().println("bussdcc " + Runtime.version() + " (Java " + System.getProperty("java.version") + ", "
                        + System.getProperty("java.vm.name") + ")");
                return OK;
            }
            case "--help", "-h", "help" -> {
                if (!args.isEmpty() && commands.containsKey(args.get(0))) {
                    io.out().print(commands.get(args.get(0)).help());
                } else {
                    io.out().print(overview());
                }
                return OK;
            }
            default -> { }
        }
        Command command = commands.get(first);
        if (command == null) {
            return usageError(null, first.startsWith("-") ? "unknown option " + first + " (give a command first)"
                    : "unknown command '" + first + "'");
        }
        if (wantsHelp(args)) {
            io.out().print(command.help());
            return OK;
        }
        try {
            return command.run(Arguments.parse(args, command.options()), io);
        } catch (UsageException e) {
            return usageError(command, e.getMessage());
        } catch (Exception | LinkageError e) {
            io.err().println("bussdcc " + command.name() + ": " + errorLine(e));
            if (debug) {
                e.printStackTrace(io.err());
            }
            return FAILED;
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    private static boolean removeDebug(List<String> args) {
        int end = args.indexOf("--");
        List<String> options = end < 0 ? args : args.subList(0, end);
        return options.removeIf("--debug"::equals);
    }

    private static boolean wantsHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private int usageError(Command command, String reason) {
        String prefix = command == null ? "bussdcc" : "bussdcc " + command.name();
        io.err().println(prefix + ": " + reason);
        if (command == null) {
            io.err().println("Usage: bussdcc COMMAND [options]   (commands: " + String.join(", ", commands.keySet())
                    + "; bussdcc --help for more)");
        } else {
            io.err().println("Usage: " + command.usage());
            io.err().println("Try 'bussdcc " + command.name() + " --help' for more.");
        }
        io.err().flush();
        return USAGE;
    }

    String overview() {
        StringBuilder b = new StringBuilder("""
                Usage: bussdcc COMMAND [options]
                       bussdcc --version | --help | COMMAND --help

                Commands:
                """);
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        commands.values().forEach(c -> b.append("  ").append(String.format("%-" + width + "s", c.name()))
                .append("  ").append(c.summary()).append('\n'));
        b.append("""

                Configuration, highest precedence first: command-line flags (and --set KEY=VALUE),
                Java system properties -Dbussdcc.KEY=VALUE (give them through JAVA_OPTS), environment
                variables BUSSDCC_KEY (dots as _, e.g. BUSSDCC_SINK_JSONL_DIR), the --config FILE.

                Exit status: 0 done, 1 failed, 2 wrong usage. --debug shows stack traces.
                """);
        return b.toString();
    }

    /**
     * The error line a failed command prints after {@code bussdcc NAME: }: the message alone
     * when it was written for the user, else the message and the exception's simple name.
     */
    private static String errorLine(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CliFailure || e instanceof ConfigException || e instanceof CompositionException) {
            return message;
        }
        String what = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return what;
        }
        return e instanceof RuntimeBootException ? message : message + " (" + what + ")";
    }
}
