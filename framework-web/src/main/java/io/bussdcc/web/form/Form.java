package io.bussdcc.web.form;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.WireName;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormNode.Component;
import io.bussdcc.web.form.FormNode.Group;
import io.bussdcc.web.form.FormNode.Kind;
import io.bussdcc.web.form.FormNode.Meta;
import io.bussdcc.web.form.FormNode.Pairs;
import io.bussdcc.web.form.FormNode.Rows;
import io.bussdcc.web.form.FormNode.Scalar;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An HTML form generated from a message record: {@link #render} writes its inputs (with the
 * given values and a message beside each bad one), {@link #decode} reads a submitted body back
 * into the record through the codec, checking types, ranges, required values, choices and row
 * shapes first. Immutable and safe to share. See {@code docs/web.md}, "Forms".
 *
 * <pre>{@code
 * Form<SetThresholds> form = Form.of(SetThresholds.class);
 * String inputs = form.render(form.values(current), Map.of(), OptionSource.standard(ctx));
 * switch (form.decode(FormData.parse(body, 4096), codec, OptionSource.standard(ctx))) {
 *     case Form.Valid<SetThresholds> v -> ctx.emit(v.message());
 *     case Form.Invalid<SetThresholds> i -> ... render again with i.errors() ...
 * }
 * }</pre>
 *
 * @param <M> the message type
 */
public final class Form<M extends Message> {

    /** The key of {@link Invalid#errors()} for messages about the whole form (unknown fields, the record's own checks). */
    public static final String WHOLE_FORM = "";
    /** The rows a list, set or map may have by default. */
    public static final int DEFAULT_MAX_ROWS = 1000;

    private final Class<M> type;
    private final Group root;
    private final int maxRows;

    private Form(Class<M> type, Group root, int maxRows) {
        this.type = type;
        this.root = root;
        this.maxRows = maxRows;
    }

    /**
     * The form of {@code type}, a record.
     *
     * @throws FormException if it is not a record, or a component's type cannot be a form input
     */
    public static <M extends Message> Form<M> of(Class<M> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new FormException(type.getName() + " is not a record; forms are made from message records");
        }
        Group root = new Builder().group(type, meta(null, "", humanize(type.getSimpleName())), type.getSimpleName());
        return new Form<>(type, root, DEFAULT_MAX_ROWS);
    }

    /** This form with at most {@code rows} rows per list, set or map (more is refused on submit). */
    public Form<M> maxRows(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative");
        }
        return new Form<>(type, root, rows);
    }

    /** The message type. */
    public Class<M> type() {
        return type;
    }

    /** The model: the record's fieldset. */
    public Group model() {
        return root;
    }

    /** The most rows per collection. */
    public int maxRows() {
        return maxRows;
    }

    // ---- values ---------------------------------------------------------------------------

    /** The input values showing {@code message} (rows numbered from 0). */
    public FormData values(M message) {
        Map<String, String> out = new LinkedHashMap<>();
        flattenGroup(root, message, "", out);
        return FormData.of(out);
    }

    private static void flattenGroup(Group g, Object record, String prefix, Map<String, String> out) {
        for (Component c : g.components()) {
            Object v = component(record, c.name());
            flatten(c.node(), v, join(prefix, c.name()), out);
        }
    }

    private static void flatten(FormNode node, Object value, String name, Map<String, String> out) {
        switch (node) {
            case Scalar s -> {
                Object v = value instanceof Optional<?> o ? o.orElse(null) : value;
                if (s.checkbox()) {
                    if (Boolean.TRUE.equals(v)) {
                        out.put(name, "true");
                    }
                } else {
                    out.put(name, v == null ? "" : Scalars.format(s, v));
                }
            }
            case Group g -> {
                if (value != null) {
                    flattenGroup(g, value, name, out);
                }
            }
            case Rows r -> {
                if (value != null) {
                    int i = 0;
                    for (Object e : (Collection<?>) value) {
                        String row = name + "." + i++;
                        out.put(row + ".#", "");
                        flatten(r.element(), e, row, out);
                    }
                }
            }
            case Pairs p -> {
                if (value != null) {
                    int i = 0;
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                        String row = name + "." + i++;
                        out.put(row + ".#", "");
                        flatten(p.key(), e.getKey(), row + ".key", out);
                        flatten(p.value(), e.getValue(), row + ".value", out);
                    }
                }
            }
        }
    }

    private static Object component(Object record, String name) {
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            if (rc.getName().equals(name)) {
                try {
                    return rc.getAccessor().invoke(record);
                } catch (IllegalAccessException e) {
                    throw new FormException("cannot read " + record.getClass().getName() + "." + name
                            + ": make the record public in an exported package, or open its package to io.bussdcc.web");
                } catch (InvocationTargetException e) {
                    throw new FormException(record.getClass().getName() + "." + name + "() failed: " + e.getCause());
                }
            }
        }
        throw new FormException(record.getClass().getName() + " has no component " + name);
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---- rendering and decoding -------------------------------------------------------------

    /**
     * The form's inputs as HTML (no {@code <form>} element): {@code data}'s values in them, the
     * message of {@code errors} beside each named input, and the {@link #WHOLE_FORM} message
     * above. Rows use {@code <template>} prototypes and {@code /assets/forms.js} for Add/Remove.
     *
     * @throws FormException if an {@link FormField#options()} name is known to no source
     */
    public String render(FormData data, Map<String, String> errors, OptionSource options) {
        return new FormHtml(data, errors, options).render(root);
    }

    /**
     * Reads {@code data} into the message: every input is checked and each problem is reported
     * by input name; only when none is found is the message decoded by {@code codec} (whose
     * record checks may still refuse it).
     */
    public Result<M> decode(FormData data, EventCodec codec, OptionSource options) {
        return new FormDecoder(data, options, maxRows).decode(this, codec);
    }

    /**
     * What {@link #decode} found.
     *
     * @param <M> the message type
     */
    public sealed interface Result<M extends Message> permits Valid, Invalid {}

    /**
     * A submission that decoded.
     *
     * @param message the message
     * @param <M>     its type
     */
    public record Valid<M extends Message>(M message) implements Result<M> {}

    /**
     * A refused submission.
     *
     * @param errors the message for each bad input name ({@link #WHOLE_FORM} for the whole form), in form order
     * @param <M>    the message type
     */
    public record Invalid<M extends Message>(Map<String, String> errors) implements Result<M> {
        /** Copies the errors. */
        public Invalid {
            errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    @Override
    public String toString() {
        return "Form[" + type.getName() + "]";
    }

    // ---- the model from the types ---------------------------------------------------------

    static String humanize(String name) {
        StringBuilder b = new StringBuilder();
        boolean upperRun = name.equals(name.toUpperCase(Locale.ROOT));
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-') {
                b.append(' ');
            } else if (!upperRun && Character.isUpperCase(c) && i > 0) {
                b.append(' ').append(Character.toLowerCase(c));
            } else {
                b.append(upperRun && i > 0 ? Character.toLowerCase(c) : c);
            }
        }
        String s = b.toString().strip();
        return s.isEmpty() ? name : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Meta meta(FormField f, String where, String defaultLabel) {
        if (f == null) {
            return new Meta(defaultLabel, "", "", Double.NaN, Double.NaN, "", false, "", "");
        }
        String step = f.step().strip();
        if (!step.isEmpty() && !step.equals("any")) {
            double d;
            try {
                d = Double.parseDouble(step);
            } catch (NumberFormatException e) {
                throw new FormException(where + ": step '" + step + "' is not a number or 'any'");
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new FormException(where + ": step " + step + " must be positive");
            }
        }
        if (!Double.isNaN(f.min()) && !Double.isNaN(f.max()) && f.min() > f.max()) {
            throw new FormException(where + ": min " + f.min() + " is above max " + f.max());
        }
        return new Meta(f.label().isBlank() ? defaultLabel : f.label(), f.help(), f.group(), f.min(), f.max(), step,
                f.required(), f.placeholder(), f.options().strip());
    }

    /** Element meta: the collection's constraints, a label of its own; elements other than text are needed. */
    private static Meta element(Meta of, String label, boolean keepOptions) {
        return new Meta(label, "", "", of.min(), of.max(), of.step(), true, of.placeholder(),
                keepOptions ? of.options() : "");
    }

    private static final class Builder {
        private final Deque<Class<?>> open = new ArrayDeque<>();

        Group group(Class<?> type, Meta meta, String where) {
            if (open.contains(type)) {
                throw new FormException(where + ": " + type.getName() + " contains itself; a form cannot be recursive");
            }
            open.push(type);
            List<Component> components = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                String at = type.getSimpleName() + "." + rc.getName();
                WireName wire = rc.getAnnotation(WireName.class);
                FormField f = rc.getAnnotation(FormField.class);
                Meta m = meta(f, at, humanize(rc.getName()));
                components.add(new Component(rc.getName(), wire == null ? rc.getName() : wire.value(),
                        node(rc.getGenericType(), m, at)));
            }
            open.pop();
            return new Group(type, List.copyOf(components), meta);
        }

        FormNode node(Type t, Meta m, String where) {
            if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
                Type[] args = pt.getActualTypeArguments();
                if (raw == Optional.class) {
                    FormNode inner = node(bound(args[0], where), m, where);
                    if (inner instanceof Scalar s) {
                        return new Scalar(s.kind(), s.type(), true, new Meta(m.label(), m.help(), m.group(), m.min(),
                                m.max(), m.step(), false, m.placeholder(), m.options()));
                    }
                    throw new FormException(where + ": an Optional of a record, list or map cannot be a form input; "
                            + "use the record, list or map itself");
                }
                if (raw == List.class || raw == Set.class) {
                    FormNode element = node(bound(args[0], where), element(m, "Value", true), where + "[]");
                    if (element instanceof Scalar s && s.optional()) {
                        throw new FormException(where + ": a collection of Optionals cannot be a form input");
                    }
                    return new Rows(textMayBeEmpty(element), raw == Set.class, m);
                }
                if (raw == Map.class) {
                    FormNode key = node(bound(args[0], where), element(m, "Key", true), where + " key");
                    if (!(key instanceof Scalar k) || k.optional()) {
                        throw new FormException(where + ": map keys must be plain values (text, numbers, booleans, enums, ...)");
                    }
                    Meta valueMeta = element(m, "Value", false);
                    Meta keyMeta = new Meta("Key", "", "", Double.NaN, Double.NaN, "", true, "", m.options());
                    return new Pairs(new Scalar(k.kind(), k.type(), false, keyMeta),
                            textMayBeEmpty(node(bound(args[1], where), valueMeta, where + " value")), m);
                }
                if (raw == Event.class) {
                    throw new FormException(where + ": an Event cannot be a form input");
                }
                throw new FormException(where + ": " + t.getTypeName() + " cannot be a form input");
            }
            if (!(t instanceof Class<?> c)) {
                throw new FormException(where + ": " + t.getTypeName() + " cannot be a form input; give a concrete type");
            }
            Kind kind = kindOf(c);
            if (kind != null) {
                if (!m.options().isEmpty() && kind == Kind.BOOLEAN) {
                    throw new FormException(where + ": options do not apply to a boolean");
                }
                return new Scalar(kind, c, false, m);
            }
            if (c.isRecord()) {
                return group(c, m, where);
            }
            throw new FormException(where + ": " + c.getName() + " cannot be a form input; supported: String, char, "
                    + "boolean, byte, short, int, long, float, double (and their boxes), LocalDate, LocalTime, Instant, "
                    + "LocalDateTime, OffsetDateTime, Duration, Path, UUID, enums, Optional of those, records, List, Set, Map");
        }

        /**
         * An element of text may be empty ({@code ""}), as a text component may; a collection
         * inside a collection may have no rows.
         */
        private static FormNode textMayBeEmpty(FormNode element) {
            Meta m = element.meta();
            Meta optional = new Meta(m.label(), m.help(), m.group(), m.min(), m.max(), m.step(), false, m.placeholder(),
                    m.options());
            return switch (element) {
                case Scalar s when s.kind() == Kind.TEXT -> new Scalar(s.kind(), s.type(), false, optional);
                case Rows r -> new Rows(r.element(), r.set(), optional);
                case Pairs p -> new Pairs(p.key(), p.value(), optional);
                default -> element;
            };
        }

        private static Type bound(Type arg, String where) {
            if (arg instanceof WildcardType w) {
                if (w.getLowerBounds().length > 0) {
                    throw new FormException(where + ": a lower-bounded wildcard cannot be a form input");
                }
                return w.getUpperBounds()[0];
            }
            return arg;
        }

        private static Kind kindOf(Class<?> c) {
            if (c == String.class) {
                return Kind.TEXT;
            }
            if (c == char.class || c == Character.class) {
                return Kind.CHAR;
            }
            if (c == boolean.class || c == Boolean.class) {
                return Kind.BOOLEAN;
            }
            if (c == byte.class || c == Byte.class) {
                return Kind.BYTE;
            }
            if (c == short.class || c == Short.class) {
                return Kind.SHORT;
            }
            if (c == int.class || c == Integer.class) {
                return Kind.INT;
            }
            if (c == long.class || c == Long.class) {
                return Kind.LONG;
            }
            if (c == float.class || c == Float.class) {
                return Kind.FLOAT;
            }
            if (c == double.class || c == Double.class) {
                return Kind.DOUBLE;
            }
            if (c == LocalDate.class) {
                return Kind.DATE;
            }
            if (c == LocalTime.class) {
                return Kind.TIME;
            }
            if (c == Instant.class) {
                return Kind.INSTANT;
            }
            if (c == LocalDateTime.class) {
                return Kind.LOCAL_DATE_TIME;
            }
            if (c == OffsetDateTime.class) {
                return Kind.OFFSET_DATE_TIME;
            }
            if (c == Duration.class) {
                return Kind.DURATION;
            }
            if (c == Path.class) {
                return Kind.PATH;
            }
            if (c == UUID.class) {
                return Kind.UUID;
            }
            if (c.isEnum()) {
                return Kind.ENUM;
            }
            return null;
        }
    }
}
