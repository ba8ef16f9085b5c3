package io.bussdcc.web;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One message a WebSocket client sent: {@code {"op": …, "id": …, …}}. Fields an op does not use
 * are ignored, so clients of later protocol versions keep working.
 *
 * @param op          what the client asks for
 * @param id          the client's correlation id (a string or an integer), echoed in the reply; may be null
 * @param types       {@code subscribe}: type names (null when absent)
 * @param minSeverity {@code subscribe}: the least severity (null when absent)
 * @param type        {@code emit}: the message type name
 * @param data        {@code emit}: the message's data as compact JSON ({@code {}} when absent)
 * @param token       {@code emit}: the token, when the connection did not present it at connect time
 */
record ClientRequest(String op, Object id, List<String> types, String minSeverity, String type, String data, String token) {

    /** A message that is not a valid request; {@code code} is the error code replied. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final transient Object id;

        Invalid(String code, String message, Object id) {
            super(message);
            this.code = code;
            this.id = id;
        }
    }

    static ClientRequest parse(String text) throws Invalid {
        String op = null;
        Object id = null;
        List<String> types = null;
        String minSeverity = null;
        String type = null;
        String data = null;
        String token = null;
        try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Invalid("bad-json", "a message is one JSON object", null);
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "op" -> op = string(p, t, "op", id);
                    case "id" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            id = p.getString();
                        } else if (t == JsonToken.VALUE_NUMBER_INT) {
                            id = p.getLongValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            throw new Invalid("bad-request", "'id' must be a string or an integer", null);
                        }
                    }
                    case "types" -> types = strings(p, t, id);
                    case "minSeverity" -> minSeverity = string(p, t, "minSeverity", id);
                    case "type" -> type = string(p, t, "type", id);
                    case "token" -> token = string(p, t, "token", id);
                    case "data" -> {
                        if (t == JsonToken.VALUE_NULL) {
                            data = null;
                        } else if (t != JsonToken.START_OBJECT) {
                            throw new Invalid("bad-request", "'data' must be a JSON object", id);
                        } else {
                            data = copy(p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new Invalid("bad-json", "a message is one JSON object, with nothing after it", id);
            }
        } catch (JacksonException e) {
            throw new Invalid("bad-json", "not valid JSON: " + e.getOriginalMessage(), id);
        } catch (IOException e) {
            throw new Invalid("bad-json", "cannot read the message: " + e.getMessage(), id);
        }
        if (op == null) {
            throw new Invalid("bad-request", "the message has no 'op' (subscribe, emit, ping)", id);
        }
        return new ClientRequest(op, id, types, minSeverity, type, data == null ? "{}" : data, token);
    }

    private static String string(JsonParser p, JsonToken t, String field, Object id) throws Invalid, IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new Invalid("bad-request", "'" + field + "' must be a string", id);
        }
        return p.getString();
    }

    private static List<String> strings(JsonParser p, JsonToken t, Object id) throws Invalid, IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new Invalid("bad-request", "'types' must be an array of type names", id);
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new Invalid("bad-request", "'types' must be an array of type names", id);
            }
            out.add(p.getString());
        }
        return out;
    }

    private static String copy(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }
}
