package io.bussdcc.codec;

import io.bussdcc.api.WireDefault;
import io.bussdcc.api.WireName;
import io.bussdcc.api.WireTuple;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamWriteException;
import tools.jackson.core.io.SerializedString;

/**
 * Writes and reads one record class as a JSON object of its components. Built once per class
 * (accessors and the canonical constructor become method handles then), so encoding an event
 * does no reflective lookups.
 */
final class RecordCodec {

    private static final ClassValue<RecordCodec> CODECS = new ClassValue<>() {
        @Override
        protected RecordCodec computeValue(Class<?> type) {
            return new RecordCodec(type, false);
        }
    };

    /** The codecs of records from Python (MessageTypeRegistry.fromPython), and the records they hold. */
    private static final ClassValue<RecordCodec> PYTHON_CODECS = new ClassValue<>() {
        @Override
        protected RecordCodec computeValue(Class<?> type) {
            return new RecordCodec(type, true);
        }
    };

    private final Class<?> type;
    private final boolean python;
    /** Written as a JSON array of its components ({@link WireTuple}). */
    private final boolean tuple;
    /** The first component of a type the codec does not know (written only through a fallback), or null. */
    private final EncodingException unsupported;
    /** Each component's {@link WireDefault} text, or null; decoded on first use into {@link #defaults}. */
    private final String[] defaultTexts;
    private final Object[] defaults; // racy by design: every thread decodes an equal, immutable value
    private final boolean[] defaultDecoded;
    private final Component[] components;
    private final SerializedString[] wireNames;
    private final Map<String, Integer> index = new HashMap<>();
    /** The canonical constructor as it is; checked for access when the codec is built. */
    private final MethodHandle canonical;
    /**
     * {@link #canonical} taking its arguments as one {@code Object[]}, made on the first decode:
     * the spreader is a method-handle adaptation that spins classes (a few milliseconds per
     * record type in a fresh JVM), which a sink that only writes never needs. Racy by design,
     * every thread makes an equivalent handle.
     */
    private MethodHandle constructor; // (Object[]) Object
    // Made on first use; racy by design, every value is an equal one (published through the
    // final fields of Optional and Layout).
    private Optional<CanonicalLineReader.Layout> layout;
    private final byte[][] canonicalKeys; // for writeCanonical

    /**
     * The codec of {@code type}, a record.
     *
     * @throws EncodingException when a component has a type the codec does not support, or the
     *                           record is not accessible to this module
     */
    static RecordCodec of(Class<?> type) {
        return of(type, false);
    }

    /** The codec of {@code type}, writing values as the Python original does if {@code python}. */
    static RecordCodec of(Class<?> type, boolean python) {
        return (python ? PYTHON_CODECS : CODECS).get(type);
    }

    /**
     * Builds the codec of {@code type} and of every record it holds, however deep (nested
     * records are otherwise resolved on first use), so that any of them that cannot be encoded
     * fails now.
     *
     * @param withFallback whether the writer has an {@link EncodingFallback}, which lets it write
     *                     components of types the codec does not know
     * @throws EncodingException as {@link #of}, for the first record that cannot be encoded
     */
    static void requireAll(Class<?> type, boolean python, boolean withFallback) {
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            RecordCodec codec = of(next, python);
            if (codec.unsupported != null && !withFallback) {
                throw codec.unsupported;
            }
            codec.requireDefaults();
            for (RecordComponent rc : codec.type.getRecordComponents()) {
                collectRecords(rc.getGenericType(), todo);
            }
        }
    }

    /**
     * Every record class named in {@code t}: itself, its type arguments, its array elements.
     * An {@code instanceof} chain rather than a pattern switch, whose bootstrap spins a class
     * in every fresh JVM before a sink can start (BENCHMARKS.md, launch).
     */
    private static void collectRecords(Type t, Deque<Class<?>> into) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                collectRecords(c.getComponentType(), into);
            } else if (c.isRecord()) {
                into.push(c);
            } // a plain class: nothing nested to check
        } else if (t instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                collectRecords(arg, into);
            }
        } else if (t instanceof GenericArrayType a) {
            collectRecords(a.getGenericComponentType(), into);
        } else if (t instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                collectRecords(bound, into);
            }
        } // a type variable: nothing nested to check
    }

    private RecordCodec(Class<?> type, boolean python) {
        if (!type.isRecord()) {
            throw new EncodingException(type.getName() + " is not a record", "");
        }
        this.type = type;
        this.python = python;
        this.tuple = type.isAnnotationPresent(WireTuple.class);
        Module self = RecordCodec.class.getModule();
        self.addReads(type.getModule());
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        RecordComponent[] rcs = type.getRecordComponents();
        components = new Component[rcs.length];
        wireNames = new SerializedString[rcs.length];
        defaultTexts = new String[rcs.length];
        defaults = new Object[rcs.length];
        defaultDecoded = new boolean[rcs.length];
        EncodingException firstUnsupported = null;
        Class<?>[] rawTypes = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            WireName wire = rc.getAnnotation(WireName.class);
            String name = wire != null ? wire.value() : rc.getName();
            if (index.put(name, i) != null) {
                throw new EncodingException(type.getName() + " has two components written as '" + name + "'", "");
            }
            wireNames[i] = new SerializedString(name);
            rawTypes[i] = rc.getType();
            MethodHandle getter = accessible(lookup, rc.getAccessor(), type);
            components[i] = Component.of(name, rc, getter, python);
            WireDefault d = rc.getAnnotation(WireDefault.class);
            defaultTexts[i] = d == null ? null : d.value();
            ValueCodec.UnsupportedCodec u = ValueCodec.findUnsupported(components[i].codec);
            if (u != null && firstUnsupported == null) {
                firstUnsupported = u.reason;
            }
        }
        unsupported = firstUnsupported;
        canonicalKeys = keysOf(components);
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(rawTypes);
            this.canonical = unreflect(lookup, canonical, type);
        } catch (NoSuchMethodException e) {
            throw new EncodingException(type.getName() + " has no canonical constructor", "", e);
        }
    }

    private static MethodHandle accessible(MethodHandles.Lookup lookup, Method accessor, Class<?> type) {
        try {
            return lookup.unreflect(accessor);
        } catch (IllegalAccessException e) {
            try {
                accessor.setAccessible(true);
                return lookup.unreflect(accessor);
            } catch (InaccessibleObjectException | IllegalAccessException | SecurityException e2) {
                throw notAccessible(type, e2);
            }
        }
    }

    private static MethodHandle unreflect(MethodHandles.Lookup lookup, Constructor<?> ctor, Class<?> type) {
        try {
            return lookup.unreflectConstructor(ctor);
        } catch (IllegalAccessException e) {
            try {
                ctor.setAccessible(true);
                return lookup.unreflectConstructor(ctor);
            } catch (InaccessibleObjectException | IllegalAccessException | SecurityException e2) {
                throw notAccessible(type, e2);
            }
        }
    }

    private static EncodingException notAccessible(Class<?> type, Exception cause) {
        return new EncodingException("record " + type.getName() + " is not accessible to the codec: make it public"
                + " in an exported package, or add 'opens " + type.getPackageName() + " to io.bussdcc.codec;' to "
                + "the module-info of " + type.getModule(), "", cause);
    }

    Component[] components() {
        return components;
    }

    /** Whether it is written as an array ({@link WireTuple}); the direct path never takes it. */
    boolean tuple() {
        return tuple;
    }

    /** Why a component cannot be written without a fallback nor read, or null. */
    EncodingException unsupported() {
        return unsupported;
    }

    /** Decodes every {@link WireDefault} now, so that one that does not fit fails when a sink starts. */
    void requireDefaults() {
        for (int i = 0; i < components.length; i++) {
            if (defaultTexts[i] != null) {
                defaultOf(i);
            }
        }
    }

    /** The decoded default of component {@code i}. */
    private Object defaultOf(int i) {
        if (defaultDecoded[i]) {
            return defaults[i];
        }
        byte[] text = defaultTexts[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Object value;
        EventCodec codec = Defaults.CODEC;
        try (JsonParser p = codec.parser(text)) {
            if (p.nextToken() == null) {
                throw new CodecException("it is empty");
            }
            value = components[i].codec.readNullable(p, new Reading(codec, text, 0));
            if (p.nextToken() != null) {
                throw new CodecException("content after the value");
            }
        } catch (CodecException | tools.jackson.core.JacksonException e) {
            throw new EncodingException("the @WireDefault text " + defaultTexts[i] + " does not read as "
                    + components[i].codec.what + ": " + e.getMessage(), components[i].name);
        }
        defaults[i] = value;
        defaultDecoded[i] = true;
        return value;
    }

    /** The codec defaults are read with: no types, strict. */
    private static final class Defaults {
        static final EventCodec CODEC = new EventCodec(new io.bussdcc.api.MessageTypeRegistry(), true);
    }

    /**
     * {@code "name":} of each component as {@link #writeCanonical} writes it (with a comma from
     * the second on); none if a name needs escaping.
     */
    byte[][] canonicalKeys() {
        return canonicalKeys;
    }

    /** How {@link CanonicalLineReader} reads this record, or null if it cannot; made once. */
    CanonicalLineReader.Layout canonicalLayout() {
        Optional<CanonicalLineReader.Layout> l = layout;
        if (l == null) {
            l = Optional.ofNullable(CanonicalLineReader.Layout.of(this));
            layout = l;
        }
        return l.orElse(null);
    }

    /**
     * Writes the record's data object ({@code {"a":1,"b":"x"}}) into {@code out} from
     * {@code pos} as {@link #write} would, when every component is a string, primitive or box
     * whose value needs no escaping; the position after it, or -1 (then use {@link #write}).
     */
    int writeCanonical(Object record, byte[] out, int pos) {
        byte[][] keys = canonicalKeys;
        if (tuple || keys.length != components.length || out.length - pos < 2) {
            return -1;
        }
        out[pos++] = '{';
        for (int i = 0; i < components.length; i++) {
            byte[] key = keys[i];
            if (out.length - pos < key.length) {
                return -1;
            }
            System.arraycopy(key, 0, out, pos, key.length);
            pos = components[i].writeCanonical(record, out, pos + key.length);
            if (pos < 0) {
                return -1;
            }
        }
        if (pos >= out.length) {
            return -1;
        }
        out[pos++] = '}';
        return pos;
    }

    private static byte[][] keysOf(Component[] components) {
        byte[][] keys = new byte[components.length][];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].name;
            if (!CanonicalText.isPlain(name)) {
                return new byte[0][];
            }
            keys[i] = CanonicalText.ascii((i == 0 ? "" : ",") + "\"" + name + "\":");
        }
        return keys;
    }

    /**
     * A record of the component values {@code args}.
     *
     * @throws CodecException if the constructor refuses them
     */
    Object construct(Object[] args) throws CodecException {
        MethodHandle spread = constructor;
        if (spread == null) {
            spread = canonical.asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            constructor = spread;
        }
        try {
            return (Object) spread.invokeExact(args);
        } catch (Throwable t) {
            if (t instanceof Error e && !(t instanceof AssertionError)) {
                throw e;
            }
            throw new CodecException(type.getSimpleName() + " rejected the data: " + t);
        }
    }

    void write(JsonGenerator g, Object record, EventCodec codec) {
        if (tuple) {
            g.writeStartArray();
        } else {
            g.writeStartObject();
        }
        for (int i = 0; i < components.length; i++) {
            if (!tuple) {
                g.writeName(wireNames[i]);
            }
            try {
                components[i].write(g, record, codec);
            } catch (EncodingException e) {
                throw e.under(components[i].name);
            } catch (StreamWriteException e) {
                // the generator refused the value: name the field, as for our own refusals
                throw new EncodingException("cannot be written: " + e.getOriginalMessage(), components[i].name, e);
            }
        }
        if (tuple) {
            g.writeEndArray();
        } else {
            g.writeEndObject();
        }
    }

    /** Reads the array of a {@link WireTuple} record, whose {@code START_ARRAY} is current. */
    private Object readTuple(JsonParser p, Reading r) throws CodecException {
        int n = components.length;
        Object[] args = new Object[n];
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (i == n) {
                throw new CodecException("expected " + n + " elements (" + type.getSimpleName() + "), found more");
            }
            try {
                args[i] = components[i].codec.readNullable(p, r);
            } catch (CodecException e) {
                throw e.under("[" + i + "]");
            }
            i++;
        }
        if (i < n) {
            throw new CodecException("expected " + n + " elements (" + type.getSimpleName() + "), found " + i);
        }
        return construct(args);
    }

    /**
     * Reads the object whose {@code START_OBJECT} is the current token. Fields may come in any
     * order; unknown fields are skipped; absent ones become null (or fail for primitives).
     */
    Object read(JsonParser p, Reading r) throws CodecException {
        if (unsupported != null) {
            throw new CodecException(type.getName() + " cannot be decoded: " + unsupported.getMessage());
        }
        if (tuple) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw ValueCodec.mismatch("an array (" + type.getSimpleName() + ")", p);
            }
            return readTuple(p, r);
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ValueCodec.mismatch("an object (" + type.getSimpleName() + ")", p);
        }
        int n = components.length;
        Object[] args = new Object[n];
        boolean[] seen = new boolean[n];
        int next = 0;
        while (true) {
            int i;
            // Fields usually come in declaration order: try the expected name first (cheap).
            if (next < n && p.nextName(wireNames[next])) {
                i = next;
            } else {
                JsonToken t = next < n ? p.currentToken() : p.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    break;
                }
                Integer found = index.get(p.currentName());
                if (found == null) {
                    p.nextToken();
                    p.skipChildren(); // a field this record does not have: ignored
                    continue;
                }
                i = found;
            }
            Component c = components[i];
            if (seen[i]) {
                throw new CodecException("the field appears twice", c.name);
            }
            seen[i] = true;
            p.nextToken();
            try {
                args[i] = c.codec.readNullable(p, r);
            } catch (CodecException e) {
                throw e.under(c.name);
            }
            next = i + 1;
        }
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                if (defaultTexts[i] != null) {
                    args[i] = defaultOf(i);
                    continue;
                }
                try {
                    args[i] = components[i].codec.whenMissing();
                } catch (CodecException e) {
                    throw e.under(components[i].name);
                }
            }
        }
        return construct(args);
    }

    /** One component: its name, how to get it from the record, how to write and read it. */
    abstract static class Component {
        final String name;
        final ValueCodec codec;

        Component(String name, ValueCodec codec) {
            this.name = name;
            this.codec = codec;
        }

        abstract void write(JsonGenerator g, Object record, EventCodec codec);

        /**
         * Writes the value as {@link #write} would into {@code out} at {@code pos}, if it is a
         * plain one; the position after it, or -1.
         */
        int writeCanonical(Object record, byte[] out, int pos) {
            return -1;
        }

        static Component of(String name, RecordComponent rc, MethodHandle getter, boolean python) {
            ValueCodec codec = ValueCodec.forType(rc.getGenericType(), name, python);
            Class<?> t = rc.getType();
            // Primitive components are read without boxing.
            if (t == long.class) {
                return new LongComponent(name, codec, getter.asType(MethodType.methodType(long.class, Object.class)));
            }
            if (t == int.class || t == short.class || t == byte.class) {
                return new IntComponent(name, codec, getter.asType(MethodType.methodType(int.class, Object.class)));
            }
            if (t == double.class) {
                return new DoubleComponent(name, codec, getter.asType(MethodType.methodType(double.class, Object.class)));
            }
            if (t == boolean.class) {
                return new BooleanComponent(name, codec, getter.asType(MethodType.methodType(boolean.class, Object.class)));
            }
            if (t == String.class) {
                return new StringComponent(name, codec, getter.asType(MethodType.methodType(String.class, Object.class)));
            }
            return new ObjectComponent(name, codec, getter.asType(MethodType.methodType(Object.class, Object.class)));
        }
    }

    private static final class LongComponent extends Component {
        private final MethodHandle getter;

        LongComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            long v;
            try {
                v = (long) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            g.writeNumber(v);
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            long v;
            try {
                v = (long) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1; // the general path reports it
            }
            return CanonicalText.writeLong(v, out, pos);
        }
    }

    private static final class IntComponent extends Component {
        private final MethodHandle getter;

        IntComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            int v;
            try {
                v = (int) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            g.writeNumber(v);
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            int v;
            try {
                v = (int) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1;
            }
            return CanonicalText.writeLong(v, out, pos);
        }
    }

    private static final class DoubleComponent extends Component {
        private final MethodHandle getter;

        DoubleComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            double v;
            try {
                v = (double) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            ValueCodec.ScalarCodec.writeDouble(g, v, codec.direct());
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            double v;
            try {
                v = (double) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1;
            }
            return CanonicalText.writeDouble(v, out, pos);
        }
    }

    private static final class BooleanComponent extends Component {
        private final MethodHandle getter;

        BooleanComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            boolean v;
            try {
                v = (boolean) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            g.writeBoolean(v);
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            boolean v;
            try {
                v = (boolean) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1;
            }
            return CanonicalText.writeBoolean(v, out, pos);
        }
    }

    private static final class StringComponent extends Component {
        private final MethodHandle getter;

        StringComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            String v;
            try {
                v = (String) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            if (v == null) {
                g.writeNull();
            } else {
                g.writeString(v);
            }
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            String v;
            try {
                v = (String) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1;
            }
            return v == null ? CanonicalText.writeNull(out, pos) : CanonicalText.writeString(v, out, pos);
        }
    }

    private static final class ObjectComponent extends Component {
        private final MethodHandle getter;

        ObjectComponent(String name, ValueCodec codec, MethodHandle getter) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(JsonGenerator g, Object record, EventCodec codec) {
            Object v;
            try {
                v = (Object) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            this.codec.writeNullable(g, v, codec);
        }

        @Override
        int writeCanonical(Object record, byte[] out, int pos) {
            if (!(this.codec instanceof ValueCodec.ScalarCodec)) {
                return -1;
            }
            Object v;
            try {
                v = (Object) getter.invokeExact(record);
            } catch (Throwable t) {
                return -1;
            }
            return switch (v) {
                case null -> CanonicalText.writeNull(out, pos);
                case Long l -> CanonicalText.writeLong(l, out, pos);
                case Integer i -> CanonicalText.writeLong(i, out, pos);
                case Short sh -> CanonicalText.writeLong(sh, out, pos);
                case Byte b -> CanonicalText.writeLong(b, out, pos);
                case Double d -> CanonicalText.writeDouble(d, out, pos);
                case Boolean z -> CanonicalText.writeBoolean(z, out, pos);
                default -> -1; // Float, Character: the generator writes them
            };
        }
    }

    /** An accessor that throws (records may override accessors). */
    private static RuntimeException accessorFailed(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return new EncodingException("its accessor threw " + t, "", t);
    }
}
