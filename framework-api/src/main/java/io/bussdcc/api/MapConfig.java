package io.bussdcc.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A configuration held in a map. */
final class MapConfig implements Config {

    static final MapConfig EMPTY = new MapConfig(Map.of());

    private final Map<String, String> values;

    MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }
}
