package io.bussdcc.runtime;

import io.bussdcc.api.Config;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A provider's configuration section that remembers which keys the provider asked for, so that
 * {@code Composition} can refuse the keys it did not: a key below a provider's section that its
 * {@code create} never read is a mistake ({@code interface.web.tokn}), reported with the closest
 * key it did read. A provider that lists a section's {@link #keys()} takes every key below it.
 */
final class ConfigKeys implements Config {

    private final Config section;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final Set<String> listed = ConcurrentHashMap.newKeySet(); // prefixes whose keys were listed, "" for all

    ConfigKeys(Config section) {
        this.section = section;
    }

    @Override
    public Optional<String> get(String key) {
        asked.add(key);
        return section.get(key);
    }

    @Override
    public Set<String> keys() {
        listed.add("");
        return section.keys();
    }

    @Override
    public String originOf(String key) {
        return section.originOf(key);
    }

    @Override
    public Config section(String prefix) {
        return new Below(prefix.endsWith(".") ? prefix : prefix + ".");
    }

    /**
     * The keys set below the section that the provider neither asked for nor listed, sorted;
     * {@code enabled} is the runtime's own.
     */
    Set<String> unread() {
        return section.keys().stream()
                .filter(k -> !k.equals("enabled") && !asked.contains(k) && listed.stream().noneMatch(k::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The key the provider asked for (or {@code enabled}) that is closest to {@code key}, by edit distance. */
    Optional<String> closestTo(String key) {
        Set<String> known = new TreeSet<>(asked);
        known.add("enabled");
        return known.stream().min(Comparator.comparingInt((String k) -> distance(k, key)).thenComparing(k -> k));
    }

    /** Every key the provider asked for, sorted. */
    Set<String> asked() {
        return new TreeSet<>(asked);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A section below the provider's, reading through it. */
    private final class Below implements Config {
        private final String prefix; // ends with '.'

        Below(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Optional<String> get(String key) {
            return ConfigKeys.this.get(prefix + key);
        }

        @Override
        public Set<String> keys() {
            listed.add(prefix);
            return section.keys().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                    .collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public String originOf(String key) {
            return section.originOf(prefix + key);
        }

        @Override
        public Config section(String more) {
            return new Below(prefix + (more.endsWith(".") ? more : more + "."));
        }
    }
}
