package io.bussdcc.web.form;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Submitted form fields: names in the order they first appear, each with every value given
 * for it. Read from an {@code application/x-www-form-urlencoded} body with {@link #parse}, or
 * made from a record's values by {@link Form#values}.
 */
public final class FormData {

    private final Map<String, List<String>> fields;

    private FormData(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** No fields. */
    public static FormData empty() {
        return new FormData(Map.of());
    }

    /** The fields of {@code map}, one value each, in its iteration order. */
    public static FormData of(Map<String, String> map) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, List.of(v)));
        return new FormData(Collections.unmodifiableMap(m));
    }

    /**
     * Parses a URL-encoded body ({@code a=1&b.0=x+y}): {@code +} is a space, {@code %XX} UTF-8
     * bytes.
     *
     * @param maxFields the most name/value pairs accepted
     * @throws IllegalArgumentException if the body is not URL-encoded text or has more pairs than {@code maxFields}
     */
    public static FormData parse(String body, int maxFields) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return new FormData(Map.of());
        }
        int count = 0;
        int start = 0;
        while (start <= body.length()) {
            int amp = body.indexOf('&', start);
            int end = amp < 0 ? body.length() : amp;
            if (end > start) {
                if (++count > maxFields) {
                    throw new IllegalArgumentException("the form has more than " + maxFields + " fields");
                }
                String pair = body.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), count);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), count);
                m.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return new FormData(Collections.unmodifiableMap(m));
    }

    private static String decode(String s, int index) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field " + index + " of the form is not URL-encoded: " + e.getMessage());
        }
    }

    /** The names, in order of first appearance. */
    public Set<String> names() {
        return fields.keySet();
    }

    /** Every value given for {@code name}; empty when it was not given. */
    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The first value of {@code name}, or {@code null}. */
    public String first(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /** These fields without {@code names} (such as the CSRF field a route has checked). */
    public FormData without(String... names) {
        Map<String, List<String>> m = new LinkedHashMap<>(fields);
        for (String n : names) {
            m.remove(n);
        }
        return new FormData(Collections.unmodifiableMap(m));
    }

    /** The fields as a URL-encoded body, as a browser would send them. */
    public String encode() {
        StringBuilder b = new StringBuilder();
        fields.forEach((name, values) -> {
            for (String v : values) {
                if (!b.isEmpty()) {
                    b.append('&');
                }
                b.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }

    /** The fields with their values, in order. */
    public Map<String, List<String>> asMap() {
        return fields;
    }

    @Override
    public String toString() {
        return "FormData" + fields;
    }
}
