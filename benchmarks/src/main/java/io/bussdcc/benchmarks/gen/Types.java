package io.bussdcc.benchmarks.gen;

import io.bussdcc.api.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;

/**
 * Many distinct message types without as many source files: class {@code T}<i>nnnnn</i> is
 * {@link T00000} with its name's five digits changed in the class file (a name of the same
 * length, so the constant pool stays valid), defined in this package.
 */
public final class Types {

    private static final byte[] NAME = "T00000".getBytes(StandardCharsets.US_ASCII);

    private Types() {}

    /** One message of each of {@code count} distinct record types, {@code T00000} first. */
    public static Message[] oneOfEach(int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("count " + count + " is not in 1..100000");
        }
        byte[] template = template();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Message[] messages = new Message[count];
        try {
            for (int k = 0; k < count; k++) {
                Class<?> type = k == 0 ? T00000.class : lookup.defineClass(renamed(template, k));
                MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, long.class));
                messages[k] = (Message) constructor.invoke((long) k);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("could not define the generated message types", e);
        }
        return messages;
    }

    private static byte[] template() {
        try (InputStream in = T00000.class.getResourceAsStream("T00000.class")) {
            if (in == null) {
                throw new IllegalStateException("T00000.class is not readable as a resource");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template with every {@code T00000} in it replaced by {@code T} and {@code k} in five digits. */
    private static byte[] renamed(byte[] template, int k) {
        byte[] name = String.format("T%05d", k).getBytes(StandardCharsets.US_ASCII);
        byte[] out = template.clone();
        int replaced = 0;
        for (int at = 0; at <= out.length - NAME.length; at++) {
            if (matches(out, at)) {
                System.arraycopy(name, 0, out, at, name.length);
                replaced++;
            }
        }
        if (replaced == 0) {
            throw new IllegalStateException("the template's name is not in its class file");
        }
        return out;
    }

    private static boolean matches(byte[] bytes, int at) {
        for (int i = 0; i < NAME.length; i++) {
            if (bytes[at + i] != NAME[i]) {
                return false;
            }
        }
        return true;
    }
}
