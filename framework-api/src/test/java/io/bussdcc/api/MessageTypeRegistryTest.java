package io.bussdcc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.message.BuiltinMessages;
import io.bussdcc.api.message.FrameworkBooted;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTypeRegistryTest {

    record Reading(double value) implements Message {}

    @MessageType("greenhouse.sensors:SensorReading")
    record SensorReading(String sensor, long seq) implements Message {}

    record Other(int n) implements Message {}

    @Test
    void builtinsCarryThePythonOriginalsNames() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        assertEquals(Optional.of(RuntimeBooting.class), registry.resolve("bussdcc.message.runtime:RuntimeBooting"));
        assertEquals(Optional.of(ProcessError.class), registry.resolve("bussdcc.message.process:ProcessError"));
        assertEquals(Optional.of(FrameworkBooted.class),
                registry.resolve("bussdcc_framework.message.framework:FrameworkBooted"));
        assertEquals(BuiltinMessages.TYPES.size(), registry.names().size());
    }

    @Test
    void namesComeFromTheAnnotationOrTheClass() {
        assertEquals("greenhouse.sensors:SensorReading", MessageTypeRegistry.defaultName(SensorReading.class));
        assertEquals("io.bussdcc.api:MessageTypeRegistryTest.Reading", MessageTypeRegistry.defaultName(Reading.class));
    }

    @Test
    void unknownNamesDoNotResolve() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        assertEquals(Optional.empty(), registry.resolve("java.lang:Runtime"));
        assertEquals(Optional.empty(), registry.resolve("io.bussdcc.api:MessageTypeRegistryTest.Reading"));
    }

    @Test
    void writingATypeRegistersItSoItReadsBack() {
        MessageTypeRegistry registry = new MessageTypeRegistry();
        String name = registry.nameOf(new Reading(1));
        assertEquals(Optional.of(Reading.class), registry.resolve(name));
        assertEquals("greenhouse:Raw", registry.nameOf(new RawMessage("greenhouse:Raw", "{}")));
    }

    @Test
    void typesMarkedFromPythonAreRegisteredAndKnownAsSuchLenienceIsOffByDefault() {
        MessageTypeRegistry registry = new MessageTypeRegistry().register(Other.class);
        registry.fromPython(SensorReading.class, Other.class);
        assertEquals(Optional.of(SensorReading.class), registry.resolve("greenhouse.sensors:SensorReading"));
        assertTrue(registry.isFromPython(SensorReading.class) && registry.isFromPython(Other.class));
        assertEquals(false, registry.isFromPython(Reading.class));
        assertEquals(false, registry.lenientScalars());
        assertTrue(registry.lenientScalars(true).lenientScalars());
    }

    @Test
    void aliasesResolveButTheOwnNameIsWritten() {
        MessageTypeRegistry registry = new MessageTypeRegistry().alias("old.name:Reading", Reading.class);
        assertEquals(Optional.of(Reading.class), registry.resolve("old.name:Reading"));
        assertEquals(MessageTypeRegistry.defaultName(Reading.class), registry.nameOf(Reading.class));
    }

    @Test
    void aNameBelongsToOneType() {
        MessageTypeRegistry registry = new MessageTypeRegistry().register("x:Thing", Reading.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.register("x:Thing", Other.class));
        assertTrue(e.getMessage().contains("'x:Thing' belongs to"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.alias("x:Thing", Other.class));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> registry.register("y:Thing", Reading.class));
        assertTrue(twice.getMessage().contains("alias"), twice.getMessage());
        registry.register("x:Thing", Reading.class); // the same binding again is fine
    }

    @Test
    void onlyRecordsAreMessageTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MessageTypeRegistry().register(Message.class));
        assertTrue(e.getMessage().contains("records"), e.getMessage());
    }
}
