package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's record the codec cannot reach — package-private, in a named module that does not
 * open its package to {@code io.bussdcc.codec} — is never lost quietly: registered, it fails the
 * boot; first seen when emitted, it stops the runtime; both name the type and the
 * {@code opens} line to add. The module is compiled here and loaded in its own layer.
 */
class UnreachableRecordTest {

    private static final String OPENS = "add 'opens app.hidden to io.bussdcc.codec;'";

    @TempDir
    Path dir;

    @Test
    void aRegisteredTypeTheCodecCannotReachFailsTheBoot() throws Exception {
        ClassLoader app = hiddenModule();
        Class<? extends Message> type = app.loadClass("app.hidden.Reading").asSubclass(Message.class);
        Runtime runtime = Runtime.builder().messageTypes(MessageTypeRegistry.withBuiltins().register(type))
                .handleSignals(false).build();
        runtime.addSink(new JsonlSink(dir.resolve("log")));
        RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
        assertTrue(e.getMessage().contains("record app.hidden.Reading is not accessible to the codec"), e.getMessage());
        assertTrue(e.getMessage().contains(OPENS), e.getMessage());
    }

    @Test
    void anUnregisteredTypeTheCodecCannotReachStopsTheRuntimeWhenFirstEmitted() throws Exception {
        ClassLoader app = hiddenModule();
        Message reading = (Message) app.loadClass("app.hidden.Readings").getMethod("one").invoke(null);
        Runtime runtime = Runtime.builder().messageTypes(MessageTypeRegistry.withBuiltins()).handleSignals(false).build();
        runtime.addSink(new JsonlSink(dir.resolve("log")));
        runtime.boot();
        try {
            runtime.emit(reading);
            assertTrue(runtime.awaitShutdown(Duration.ofMinutes(1)), "the runtime did not stop");
        } finally {
            runtime.shutdown("test done"); // a no-op when the sink stopped it
        }
        String reason = runtime.shutdownReason().orElseThrow();
        assertTrue(reason.startsWith("sink jsonl cannot record app.hidden.Reading: "), reason);
        assertTrue(reason.contains(OPENS), reason);
    }

    /** Compiles module {@code app.hidden} and loads it in a layer over the boot layer. */
    private ClassLoader hiddenModule() throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), "module app.hidden { requires io.bussdcc.api; exports app.hidden; }");
        // Package-private, as the README's records are; the package is exported but not opened.
        write(src.resolve("app/hidden/Reading.java"),
                "package app.hidden; record Reading(String sensor, double value) implements io.bussdcc.api.Message {}");
        write(src.resolve("app/hidden/Readings.java"), "package app.hidden; public final class Readings {"
                + " public static io.bussdcc.api.Message one() { return new Reading(\"s\", 1.5); } }");
        Path classes = dir.resolve("classes");
        Path api = Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = List.of("-d", classes.toString(), "--module-path", api.toString(),
                src.resolve("module-info.java").toString(), src.resolve("app/hidden/Reading.java").toString(),
                src.resolve("app/hidden/Readings.java").toString());
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("app.hidden"));
        return boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader()).findLoader("app.hidden");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
