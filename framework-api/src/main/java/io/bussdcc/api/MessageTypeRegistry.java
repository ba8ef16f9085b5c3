package io.bussdcc.api;

import io.bussdcc.api.message.BuiltinMessages;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message types a program can name in logs and read back: type name to record class and
 * back.
 *
 * <p>Names resolve to classes <em>only</em> through this registry — built-in types, types the
 * application registers, types modules contribute through
 * {@link io.bussdcc.api.spi.MessageTypeProvider}. A name read from a log is never turned into a
 * class any other way, so a log cannot make the program load code.
 *
 * <p>A type's name is its {@link MessageType} annotation or, without one, derived from the
 * class ({@code com.acme:Reading}, nested {@code com.acme:Outer.Reading}). Aliases map further
 * names onto a registered type, for logs written under other names (other programs, renamed
 * types). Thread-safe.
 */
public final class MessageTypeRegistry {

    private final Map<String, Class<? extends Message>> byName = new ConcurrentHashMap<>();
    private final Map<Class<? extends Message>, String> names = new ConcurrentHashMap<>();
    private final Set<Class<? extends Message>> fromPython = ConcurrentHashMap.newKeySet();
    private volatile boolean lenientScalars;

    /** An empty registry; see {@link #withBuiltins()} for the usual start. */
    public MessageTypeRegistry() {}

    /** A registry that knows the {@linkplain BuiltinMessages built-in} message types. */
    public static MessageTypeRegistry withBuiltins() {
        MessageTypeRegistry registry = new MessageTypeRegistry();
        BuiltinMessages.TYPES.forEach(registry::register);
        return registry;
    }

    /**
     * Registers {@code type} under its own name (annotation or derived).
     *
     * @return this registry
     * @throws IllegalArgumentException if the name already belongs to another type
     */
    public MessageTypeRegistry register(Class<? extends Message> type) {
        return register(defaultName(type), type);
    }

    /**
     * Registers {@code type} under {@code name}, which becomes the name it is written under.
     *
     * @return this registry
     * @throws IllegalArgumentException if {@code name} already belongs to another type, or
     *                                  {@code type} is already registered under another name
     */
    public synchronized MessageTypeRegistry register(String name, Class<? extends Message> type) {
        requireValid(name, type);
        String existing = names.get(type);
        if (existing != null && !existing.equals(name)) {
            throw new IllegalArgumentException(type.getName() + " is already registered as '" + existing
                    + "'; use alias(\"" + name + "\", ...) to read it under another name too");
        }
        bindName(name, type);
        names.put(type, name);
        return this;
    }

    /**
     * Makes {@code alias} resolve to {@code type} when reading; {@code type} is still written
     * under its own name. Registers {@code type} if it is not yet.
     *
     * @return this registry
     * @throws IllegalArgumentException if {@code alias} already belongs to another type
     */
    public synchronized MessageTypeRegistry alias(String alias, Class<? extends Message> type) {
        requireValid(alias, type);
        if (!names.containsKey(type)) {
            register(type);
        }
        bindName(alias, type);
        return this;
    }

    /** The class registered under {@code name} (or an alias of it). */
    public Optional<Class<? extends Message>> resolve(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The name {@code type} is written under. A type never registered is registered now under
     * its own name, so what a program records it can read back.
     */
    public String nameOf(Class<? extends Message> type) {
        String name = names.get(type);
        if (name == null) {
            register(type);
            name = names.get(type);
        }
        return name;
    }

    /** The name {@code message} is written under: {@link RawMessage}s keep their recorded name. */
    public String nameOf(Message message) {
        if (message instanceof RawMessage raw) {
            return raw.type();
        }
        return nameOf(message.getClass());
    }

    /**
     * Marks {@code types} as records of Python dataclasses (registering each that is not yet):
     * values inside them are then written as the Python original writes them — an enum as its
     * {@code value()}, a map with int, enum or bool keys as a JSON object with string keys, a
     * naive date-time with six fraction digits — so that re-recording a Python log keeps its
     * data. Reading accepts both shapes whatever the origin. See {@code docs/python.md}.
     *
     * @return this registry
     */
    @SafeVarargs
    public final MessageTypeRegistry fromPython(Class<? extends Message>... types) {
        for (Class<? extends Message> type : types) {
            synchronized (this) {
                if (!names.containsKey(type)) {
                    register(type);
                }
            }
            fromPython.add(type);
        }
        return this;
    }

    /** Whether {@code type} was marked {@linkplain #fromPython from Python}. */
    public boolean isFromPython(Class<?> type) {
        return fromPython.contains(type);
    }

    /**
     * Lets reading accept the scalars the Python original accepts beyond JSON's own types
     * (off by default: strict): an integer as a string of digits ({@code "5"}, with an optional
     * sign and surrounding spaces) and a boolean as {@code "true" "1" "on" "yes"} /
     * {@code "false" "0" "off" "no"}. Writing is unchanged.
     *
     * @return this registry
     */
    public MessageTypeRegistry lenientScalars(boolean lenient) {
        this.lenientScalars = lenient;
        return this;
    }

    /** Whether reading accepts {@linkplain #lenientScalars(boolean) lenient scalars}. */
    public boolean lenientScalars() {
        return lenientScalars;
    }

    /** Every registered type's own name, sorted. */
    public Set<String> names() {
        return new TreeSet<>(names.values());
    }

    /** Every name that resolves — own names and aliases — sorted. */
    public Set<String> resolvableNames() {
        return new TreeSet<>(byName.keySet());
    }

    /** The name {@code type} gets when registered without an explicit name. */
    public static String defaultName(Class<? extends Message> type) {
        MessageType annotation = type.getAnnotation(MessageType.class);
        if (annotation != null) {
            return annotation.value();
        }
        String pkg = type.getPackageName();
        String simple = pkg.isEmpty() ? type.getName() : type.getName().substring(pkg.length() + 1);
        simple = simple.replace('$', '.');
        return pkg.isEmpty() ? simple : pkg + ":" + simple;
    }

    private void bindName(String name, Class<? extends Message> type) {
        Class<? extends Message> previous = byName.putIfAbsent(name, type);
        if (previous != null && previous != type) {
            throw new IllegalArgumentException("message type name '" + name + "' belongs to " + previous.getName()
                    + "; it cannot also name " + type.getName());
        }
    }

    private static void requireValid(String name, Class<? extends Message> type) {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a message type name must not be blank (" + type.getName() + ")");
        }
        if (type == RawMessage.class || type.isInterface() || !type.isRecord()) {
            throw new IllegalArgumentException(type.getName()
                    + " cannot be registered: message types are records implementing Message");
        }
    }
}
