package io.bussdcc.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one policy for discovered providers: fail fast, naming the provider, its module and jar. */
class DiscoveredProviderTest {

    @MessageType("test.spi:First")
    record First(int n) implements Message {}

    @MessageType("test.spi:Second")
    record Second(int n) implements Message {}

    static final class FirstTypes implements MessageTypeProvider {
        @Override
        public void registerTypes(MessageTypeRegistry registry) {
            registry.register(First.class);
        }
    }

    static final class Broken implements MessageTypeProvider {
        @Override
        public void registerTypes(MessageTypeRegistry registry) {
            throw new IllegalStateException("type name taken");
        }
    }

    static final class SecondTypes implements MessageTypeProvider {
        @Override
        public void registerTypes(MessageTypeRegistry registry) {
            registry.register(Second.class);
        }
    }

    @Test
    void everyProviderIsAppliedInOrder() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        assertEquals(registry, MessageTypeProvider.registerAll(List.of(found(new FirstTypes()), found(new SecondTypes())),
                registry));
        assertEquals(Optional.of(First.class), registry.resolve("test.spi:First"));
        assertEquals(Optional.of(Second.class), registry.resolve("test.spi:Second"));
    }

    @Test
    void aFailingProviderStopsRegistrationNamingItsClassModuleAndJar() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        ProviderException e = assertThrows(ProviderException.class, () -> MessageTypeProvider.registerAll(
                List.of(found(new FirstTypes()), found(new Broken()), found(new SecondTypes())), registry));
        String where = DiscoveredProvider.location(Broken.class);
        assertEquals("message type provider " + Broken.class.getName() + " (module io.bussdcc.api, " + where
                + ") failed to register its types: java.lang.IllegalStateException: type name taken", e.getMessage());
        assertTrue(where.startsWith("file:"), where);
        assertEquals(Optional.empty(), registry.resolve("test.spi:Second"), "nothing after the broken provider");
    }

    @Test
    void theOriginOfAJdkClassIsItsModuleInTheRuntimeImage() {
        assertEquals("module java.base, jrt:/java.base", DiscoveredProvider.origin(String.class));
        DiscoveredProvider<MessageTypeProvider> p = found(new FirstTypes());
        assertEquals("io.bussdcc.api", p.moduleName());
        assertEquals("module io.bussdcc.api, " + p.location(), p.origin());
    }

    private static DiscoveredProvider<MessageTypeProvider> found(MessageTypeProvider p) {
        return new DiscoveredProvider<>(p, p.getClass());
    }
}
