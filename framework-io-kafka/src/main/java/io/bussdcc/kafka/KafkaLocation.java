package io.bussdcc.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A topic named as {@code kafka://HOST:PORT[,HOST:PORT…]/TOPIC[?device=ID[,ID…]&from=TIME&to=TIME]},
 * the form {@code bussdcc replay} and {@code bussdcc cat} take.
 *
 * @param bootstrap the {@code bootstrap.servers}
 * @param topic     the topic
 * @param devices   the devices to read; empty for all
 * @param from      only events at or after this time
 * @param to        only events before this time
 */
public record KafkaLocation(String bootstrap, String topic, Set<String> devices, Optional<Instant> from,
        Optional<Instant> to) {

    /** The scheme prefix. */
    public static final String SCHEME = "kafka://";

    /** Whether {@code location} is meant as a Kafka location (starts with {@code kafka://}). */
    public static boolean isKafka(String location) {
        return location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * Parses {@code location}.
     *
     * @throws IllegalArgumentException naming what is wrong in it
     */
    public static KafkaLocation parse(String location) {
        if (!isKafka(location)) {
            throw new IllegalArgumentException("'" + location + "' is not a kafka:// location");
        }
        String rest = location.substring(SCHEME.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("'" + location + "' needs HOST:PORT and a topic: kafka://HOST:PORT/TOPIC");
        }
        String bootstrap = rest.substring(0, slash);
        String topic = rest.substring(slash + 1);
        for (String server : bootstrap.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !server.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("'" + server + "' in " + location + " is not HOST:PORT");
            }
        }
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("'" + topic + "' in " + location
                    + " is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + pair + "' in " + location + " is not NAME=VALUE");
                }
                String name = pair.substring(0, eq);
                if (!Set.of("device", "from", "to").contains(name)) {
                    throw new IllegalArgumentException("unknown parameter '" + name + "' in " + location
                            + " (known: device, from, to)");
                }
                params.merge(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8),
                        (a, b) -> a + "," + b);
            }
        }
        Set<String> devices = new LinkedHashSet<>();
        if (params.containsKey("device")) {
            for (String d : params.get("device").split(",")) {
                if (!d.isBlank()) {
                    devices.add(d.strip());
                }
            }
        }
        return new KafkaLocation(bootstrap, topic, Set.copyOf(devices), time(params, "from", location),
                time(params, "to", location));
    }

    private static Optional<Instant> time(Map<String, String> params, String name, String location) {
        String text = params.get(name);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Times.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + text + " in " + location + ": " + e.getMessage(), e);
        }
    }
}
