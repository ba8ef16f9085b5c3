package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.codec.EventCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.ObjectWriteContext;

/** JSON output on Jackson's streaming API: responses, and any value found in state. */
final class Json {

    // As the codec writes: Jackson 3 would escape '/' and write characters beyond U+FFFF unescaped.
    static final JsonFactory FACTORY = JsonFactory.builder().disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    static final String CONTENT_TYPE = "application/json";
    private static final int MAX_DEPTH = 64;

    private Json() {}

    /** Writes one JSON document. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(Writer writer) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void send(ServerResponse res, Status status, Writer writer) {
        byte[] body = bytes(writer);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }

    static void send(ServerResponse res, Writer writer) {
        send(res, Status.OK_200, writer);
    }

    /** {@code {"error": message}} with {@code status}. */
    static void error(ServerResponse res, Status status, String message) {
        send(res, status, g -> {
            g.writeStartObject();
            g.writeStringProperty("error", message);
            g.writeNumberProperty("status", status.code());
            g.writeEndObject();
        });
    }

    /**
     * Writes {@code value}: JSON scalars as themselves, maps as objects, collections and
     * arrays as arrays, messages as the codec writes their data, other records by their
     * components (when readable), anything else as its string form. Never fails on a value.
     */
    static void value(JsonGenerator g, Object value, EventCodec codec) throws IOException {
        value(g, value, codec, 0);
    }

    private static void value(JsonGenerator g, Object v, EventCodec codec, int depth) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                g.writeString(v.toString());
            } else if (v instanceof Float f) {
                g.writeNumber(f.floatValue()); // 0.1f as 0.1, not as the double it widens to
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Character c) {
            g.writeString(c.toString());
        } else if (depth >= MAX_DEPTH) {
            g.writeString(String.valueOf(v));
        } else if (v instanceof Optional<?> o) {
            value(g, o.orElse(null), codec, depth + 1);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                value(g, e.getValue(), codec, depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                value(g, item, codec, depth + 1);
            }
            g.writeEndArray();
        } else if (v.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                value(g, Array.get(v, i), codec, depth + 1);
            }
            g.writeEndArray();
        } else if (v instanceof Message m && messageData(m, codec) instanceof String data) {
            g.writeRawValue(data);
        } else if (v instanceof Record r) {
            record(g, r, codec, depth);
        } else {
            g.writeString(v.toString());
        }
    }

    private static String messageData(Message m, EventCodec codec) {
        try {
            return codec.dataToJson(m);
        } catch (RuntimeException e) {
            return null; // not writable by the codec: written by components or as text instead
        }
    }

    private static void record(JsonGenerator g, Record r, EventCodec codec, int depth) throws IOException {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                values[i] = components[i].getAccessor().invoke(r);
            } catch (ReflectiveOperationException | RuntimeException e) {
                g.writeString(r.toString()); // a record of a package this module may not read
                return;
            }
        }
        g.writeStartObject();
        for (int i = 0; i < components.length; i++) {
            g.writeName(components[i].getName());
            value(g, values[i], codec, depth + 1);
        }
        g.writeEndObject();
    }
}
