package io.bussdcc.runtime;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Configuration from several places, the first that sets a key winning. The standard order,
 * highest precedence first:
 *
 * <ol>
 *   <li>explicit overrides (what a launcher's command-line flags set);</li>
 *   <li>Java system properties named {@code bussdcc.KEY} ({@code -Dbussdcc.sink.jsonl.dir=/data});</li>
 *   <li>environment variables named {@code BUSSDCC_KEY}, upper case, dots as {@code _} and dashes as
 *       {@code __} ({@code BUSSDCC_SINK_JSONL_DIR=/data});</li>
 *   <li>a configuration file in {@link Properties} format ({@code sink.jsonl.dir=/data}).</li>
 * </ol>
 *
 * Keys are lower case, dotted. Every value remembers where it came from, so an unusable value is
 * reported as, say, "environment variable BUSSDCC_SINK_JSONL_INTERVAL is 'ten', which is not a
 * duration".
 */
public final class LayeredConfig implements Config {

    private static final String PROPERTY_PREFIX = "bussdcc.";
    private static final String ENV_PREFIX = "BUSSDCC_";

    private final List<Layer> layers;

    private LayeredConfig(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * The standard layers: {@code overrides}, then system properties, then the environment, then
     * {@code file} (which may be null).
     *
     * @throws ConfigException if {@code file} cannot be read
     */
    public static LayeredConfig standard(Map<String, String> overrides, Path file) {
        Builder b = builder().overrides(overrides).systemProperties(System.getProperties()).environment(System.getenv());
        if (file != null) {
            b.file(file);
        }
        return b.build();
    }

    /** A builder with no layers, to stack chosen ones; see {@link #standard} for the usual order. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> get(String key) {
        for (Layer layer : layers) {
            String value = layer.values.get(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        layers.forEach(l -> keys.addAll(l.values.keySet()));
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public String originOf(String key) {
        for (Layer layer : layers) {
            if (layer.values.containsKey(key)) {
                return layer.origin(key);
            }
        }
        return "configuration key '" + key + "' (not set)";
    }

    @Override
    public String toString() {
        return "LayeredConfig" + keys();
    }

    /** One source of values and how to name where a key came from. */
    private record Layer(Map<String, String> values, UnaryOperator<String> origin) {
        String origin(String key) {
            return origin.apply(key);
        }
    }

    /** Adds layers from highest to lowest precedence. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();

        private Builder() {}

        /** Values set explicitly, e.g. by command-line flags. */
        public Builder overrides(Map<String, String> values) {
            layers.add(new Layer(Map.copyOf(values), key -> "setting '" + key + "'"));
            return this;
        }

        /** The properties named {@code bussdcc.KEY}. */
        public Builder systemProperties(Properties properties) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith(PROPERTY_PREFIX)) {
                    values.put(name.substring(PROPERTY_PREFIX.length()), properties.getProperty(name));
                }
            }
            layers.add(new Layer(values, key -> "system property " + PROPERTY_PREFIX + key));
            return this;
        }

        /** The variables named {@code BUSSDCC_KEY}. */
        public Builder environment(Map<String, String> environment) {
            Map<String, String> values = new LinkedHashMap<>();
            environment.forEach((name, value) -> {
                if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                    values.put(keyOfVariable(name.substring(ENV_PREFIX.length())), value);
                }
            });
            layers.add(new Layer(values, key -> "environment variable " + variableOf(key)));
            return this;
        }

        /**
         * A properties file.
         *
         * @throws ConfigException naming the file if it cannot be read
         */
        public Builder file(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (MalformedInputException e) {
                throw new ConfigException("configuration file " + file + " is not UTF-8 text", e);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).strip()));
            layers.add(new Layer(values, key -> "'" + key + "' in configuration file " + file));
            return this;
        }

        /** The configuration of the layers added so far. */
        public LayeredConfig build() {
            return new LayeredConfig(layers);
        }
    }

    static String keyOfVariable(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    static String variableOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
    }
}
