package io.bussdcc.cli;

/**
 * One option a command accepts.
 *
 * @param name       the option, with its dashes: {@code --events}
 * @param valueName  what its value is called in the usage ({@code DIR}), or {@code null} for a flag
 * @param repeatable whether it may be given more than once
 * @param help       one line for {@code --help}
 */
record Option(String name, String valueName, boolean repeatable, String help) {

    static Option flag(String name, String help) {
        return new Option(name, null, false, help);
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, false, help);
    }

    static Option repeatable(String name, String valueName, String help) {
        return new Option(name, valueName, true, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** {@code --events DIR}, as the help lists it. */
    String synopsis() {
        return takesValue() ? name + " " + valueName : name;
    }
}
