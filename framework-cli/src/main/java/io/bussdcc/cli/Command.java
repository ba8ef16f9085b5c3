package io.bussdcc.cli;

import java.util.List;

/** One subcommand of {@code bussdcc}. */
interface Command {

    /** The word that selects it: {@code run}. */
    String name();

    /** One line for the list of commands. */
    String summary();

    /** The synopsis: {@code bussdcc run [options]}. */
    String usage();

    /** What it does, a few lines for {@code --help}. */
    String description();

    /** The options it accepts, in the order {@code --help} lists them. */
    List<Option> options();

    /**
     * Runs it.
     *
     * @return the exit status
     * @throws UsageException if the arguments are wrong (exit status 2)
     * @throws Exception      any failure (exit status 1, reported in one line)
     */
    int run(Arguments args, Io io) throws Exception;

    /** The full {@code --help} text. */
    default String help() {
        StringBuilder b = new StringBuilder("Usage: ").append(usage()).append("\n\n").append(description()).append('\n');
        if (!options().isEmpty()) {
            b.append("\nOptions:\n");
            int width = options().stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
            for (Option o : options()) {
                b.append("  ").append(String.format("%-" + width + "s", o.synopsis())).append("  ").append(o.help()).append('\n');
            }
            b.append("  ").append(String.format("%-" + width + "s", "--debug")).append("  show stack traces of failures\n");
            b.append("  ").append(String.format("%-" + width + "s", "--help")).append("  show this help\n");
        }
        return b.toString();
    }
}
