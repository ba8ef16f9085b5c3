package io.bussdcc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command's arguments, parsed by hand against the options it declares: {@code --name VALUE}
 * or {@code --name=VALUE} for options with a value, {@code --name} for flags, everything else
 * positional; {@code --} ends the options.
 */
final class Arguments {

    private final List<String> positionals;
    private final Map<String, List<String>> values;

    private Arguments(List<String> positionals, Map<String, List<String>> values) {
        this.positionals = List.copyOf(positionals);
        this.values = values;
    }

    /**
     * Parses {@code tokens}.
     *
     * @throws UsageException naming the offending token: an unknown option, a missing value, a
     *                        value given to a flag, an option given twice that may be given once
     */
    static Arguments parse(List<String> tokens, List<Option> options) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (optionsEnded || !token.startsWith("-") || token.equals("-")) {
                positionals.add(token);
                continue;
            }
            if (token.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            Option option = byName.get(name);
            if (option == null) {
                throw new UsageException("unknown option " + name);
            }
            String value;
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (eq >= 0) {
                value = token.substring(eq + 1);
            } else if (option.valueOptional()) {
                value = i + 1 < tokens.size() && HOST_PORT.matcher(tokens.get(i + 1)).matches() ? tokens.get(++i) : "";
            } else if (i + 1 < tokens.size() && !looksLikeOption(tokens.get(i + 1), byName)) {
                value = tokens.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value (" + option.valueName() + ")");
            }
            List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!given.isEmpty() && !option.repeatable()) {
                throw new UsageException("option " + name + " is given more than once");
            }
            given.add(value);
        }
        return new Arguments(positionals, values);
    }

    /** What an optional value must look like to be taken from the next token: HOST:PORT or :PORT. */
    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^/\\\\:\\s]*):[0-9]{1,5}");

    /** A value that is itself a known option is more likely a forgotten value than a value. */
    private static boolean looksLikeOption(String next, Map<String, Option> byName) {
        int eq = next.indexOf('=');
        return next.equals("--") || byName.containsKey(eq < 0 ? next : next.substring(0, eq));
    }

    List<String> positionals() {
        return positionals;
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    Optional<String> value(String option) {
        List<String> given = values.get(option);
        return given == null ? Optional.empty() : Optional.of(given.get(given.size() - 1));
    }

    List<String> values(String option) {
        return values.getOrDefault(option, List.of());
    }

    /**
     * The one positional argument called {@code what}.
     *
     * @throws UsageException if there is none or more than one
     */
    String single(String what) throws UsageException {
        if (positionals.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        if (positionals.size() > 1) {
            throw new UsageException("unexpected argument '" + positionals.get(1) + "' (only one " + what + ")");
        }
        return positionals.get(0);
    }

    /** @throws UsageException if there is any positional argument */
    void noPositionals() throws UsageException {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument '" + positionals.get(0) + "'");
        }
    }
}
