package io.bussdcc.api;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The part of a configuration below a prefix. */
final class ConfigSection implements Config {

    private final Config parent;
    private final String prefix;

    ConfigSection(Config parent, String prefix) {
        this.parent = parent;
        this.prefix = prefix.endsWith(".") ? prefix : prefix + ".";
    }

    @Override
    public Optional<String> get(String key) {
        return parent.get(prefix + key);
    }

    @Override
    public Set<String> keys() {
        return parent.keys().stream()
                .filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String originOf(String key) {
        return parent.originOf(prefix + key);
    }
}
