package io.bussdcc.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Reads a component of a message record by name, for messages of modules this one does not require. */
final class Records {

    private Records() {}

    /** The value of component {@code name} of {@code value}, or {@code null} when it has none or it cannot be read. */
    static Object component(Object value, String name) {
        RecordComponent[] components = value.getClass().getRecordComponents();
        if (components == null) {
            return null;
        }
        for (RecordComponent c : components) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(value);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
