package io.bussdcc.web.form;

import java.util.List;

/**
 * The model of a generated form: what {@link Form#of} reads from a record type. A record is a
 * {@link Group}, a scalar component a {@link Scalar}, a {@code List}/{@code Set} {@link Rows},
 * a {@code Map} {@link Pairs}. Names of inputs are the components' names joined by dots, with a
 * row id for each row ({@code quiet.0.from}; a map row has {@code .key} and {@code .value}).
 */
public sealed interface FormNode permits FormNode.Scalar, FormNode.Group, FormNode.Rows, FormNode.Pairs {

    /** The label, help and constraints from {@link FormField}, with defaults filled in. */
    Meta meta();

    /**
     * The resolved {@link FormField} of a node.
     *
     * @param label       the label (never blank)
     * @param help        the help line, or empty
     * @param group       the group title, or empty
     * @param min         the least value or length, or NaN
     * @param max         the greatest value or length, or NaN
     * @param step        the step ({@code any} or a positive number), or empty
     * @param required    whether a value (or a row) must be given
     * @param placeholder the placeholder, or empty
     * @param options     the option source name, or empty
     */
    record Meta(String label, String help, String group, double min, double max, String step,
                boolean required, String placeholder, String options) {}

    /**
     * One input.
     *
     * @param kind     what it holds
     * @param type     the Java class (the enum's class for {@link Kind#ENUM})
     * @param optional whether it is an {@code Optional} (empty input = empty)
     * @param meta     label and constraints
     */
    record Scalar(Kind kind, Class<?> type, boolean optional, Meta meta) implements FormNode {

        /** Whether an empty input is refused. */
        public boolean required() {
            return meta.required() || type.isPrimitive();
        }

        /**
         * Whether it is a checkbox (absent = false): a boolean that cannot be empty. An
         * {@code Optional<Boolean>} or a {@code Boolean} not {@linkplain FormField#required()
         * required} is a select of yes, no and empty instead.
         */
        public boolean checkbox() {
            return kind == Kind.BOOLEAN && !optional && required();
        }
    }

    /**
     * A record: a fieldset of its components (the form's root is one too).
     *
     * @param type       the record class
     * @param components its components in declaration order
     * @param meta       the fieldset's legend
     */
    record Group(Class<?> type, List<Component> components, Meta meta) implements FormNode {}

    /**
     * A component of a {@link Group}.
     *
     * @param name     its name (the input name's segment)
     * @param wireName its name in the codec's JSON ({@link io.bussdcc.api.WireName})
     * @param node     its input(s)
     */
    record Component(String name, String wireName, FormNode node) {}

    /**
     * A {@code List} or {@code Set}: repeatable rows of {@code element}, with Add and Remove.
     *
     * @param element what each row holds
     * @param set     whether duplicates are refused
     * @param meta    the legend
     */
    record Rows(FormNode element, boolean set, Meta meta) implements FormNode {}

    /**
     * A {@code Map}: rows of a key input and a value.
     *
     * @param key   the key input
     * @param value what each row's value holds
     * @param meta  the legend
     */
    record Pairs(Scalar key, FormNode value, Meta meta) implements FormNode {}

    /** What a {@link Scalar} holds, and so which input it gets. */
    enum Kind {
        /** {@code String}: a text input. */
        TEXT,
        /** {@code char}: a text input of one character. */
        CHAR,
        /** {@code boolean}: a checkbox (a select of yes/no/empty when it may be empty). */
        BOOLEAN,
        /** {@code byte}: a number input. */
        BYTE,
        /** {@code short}: a number input. */
        SHORT,
        /** {@code int}: a number input. */
        INT,
        /** {@code long}: a number input. */
        LONG,
        /** {@code float}: a number input, step {@code any}. */
        FLOAT,
        /** {@code double}: a number input, step {@code any}. */
        DOUBLE,
        /** {@code LocalDate}: a date input. */
        DATE,
        /** {@code LocalTime}: a time input. */
        TIME,
        /** {@code Instant}: a datetime-local input, in UTC. */
        INSTANT,
        /** {@code LocalDateTime}: a datetime-local input, a date and a time without zone. */
        LOCAL_DATE_TIME,
        /** {@code OffsetDateTime}: a text input of ISO-8601 with offset (kept as given). */
        OFFSET_DATE_TIME,
        /** {@code Duration}: a text input, ISO-8601 ({@code PT10S}) or short ({@code 1h30m}, {@code 10s}, {@code 250ms}). */
        DURATION,
        /** {@code Path}: a text input. */
        PATH,
        /** {@code UUID}: a text input. */
        UUID,
        /** An enum: a select of its constants. */
        ENUM
    }
}
