package io.bussdcc.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses JSON into maps (in document order), lists, strings, longs, doubles, booleans and
 * nulls, for assertions.
 */
public final class JsonTree {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTree() {}

    /** The value of one JSON document; fails naming the text if it is not JSON. */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            p.nextToken();
            return value(p);
        } catch (JacksonException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        return (Map<String, Object>) parse(text);
    }

    /** A JSON array. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(String text) {
        return (List<Object>) parse(text);
    }

    private static Object value(JsonParser p) {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new AssertionError("unexpected JSON token " + t);
        }
    }
}
