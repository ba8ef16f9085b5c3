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

    /**
     * An option whose value may be left out ({@code --web}, {@code --web 127.0.0.1:8080},
     * {@code --web=:8080}): its value name is in brackets. Without {@code =}, the next token is
     * its value only if it looks like {@code HOST:PORT}; given without one, its value is empty.
     */
    static Option optionalValue(String name, String valueName, String help) {
        return new Option(name, "[" + valueName + "]", false, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    boolean valueOptional() {
        return valueName != null && valueName.startsWith("[");
    }

    /** {@code --events DIR}, as the help lists it. */
    String synopsis() {
        return takesValue() ? name + " " + valueName : name;
    }
}
