package io.bussdcc.jsonl.reliability;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records which classes the JVM loads while some code runs, with a Java Flight Recorder
 * recording of {@code jdk.ClassLoad} events. Driven reflectively: the module under test does
 * not read {@code jdk.jfr}, which the test JVM has (every system module exporting an API is in
 * the boot layer of a JVM launched from the class path, as surefire's is).
 */
final class ClassLoads {

    private ClassLoads() {}

    /** The binary names of the classes loaded while {@code action} ran. */
    static List<String> during(ThrowingRunnable action) throws Exception {
        Class<?> recordingClass = Class.forName("jdk.jfr.Recording");
        Object recording = recordingClass.getConstructor().newInstance();
        Path dump = Files.createTempFile("classloads", ".jfr");
        try {
            recordingClass.getMethod("enable", String.class).invoke(recording, "jdk.ClassLoad");
            recordingClass.getMethod("start").invoke(recording);
            try {
                action.run();
            } finally {
                recordingClass.getMethod("stop").invoke(recording);
            }
            recordingClass.getMethod("dump", Path.class).invoke(recording, dump);
            List<?> events = (List<?>) Class.forName("jdk.jfr.consumer.RecordingFile")
                    .getMethod("readAllEvents", Path.class).invoke(null, dump);
            List<String> loaded = new ArrayList<>();
            for (Object event : events) {
                Method getEventType = event.getClass().getMethod("getEventType");
                Object type = getEventType.invoke(event);
                String name = (String) type.getClass().getMethod("getName").invoke(type);
                if (!name.equals("jdk.ClassLoad")) {
                    continue;
                }
                Object recordedClass = event.getClass().getMethod("getClass", String.class).invoke(event, "loadedClass");
                loaded.add((String) recordedClass.getClass().getMethod("getName").invoke(recordedClass));
            }
            return loaded;
        } finally {
            recordingClass.getMethod("close").invoke(recording);
            Files.deleteIfExists(dump);
        }
    }

    /** Code that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
