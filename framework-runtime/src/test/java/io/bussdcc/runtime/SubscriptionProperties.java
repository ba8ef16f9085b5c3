package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.runtime.TestMessages.Animal;
import io.bussdcc.runtime.TestMessages.Cat;
import io.bussdcc.runtime.TestMessages.Dog;
import io.bussdcc.runtime.TestMessages.Ping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** Random subscription sets receive exactly the events of their types, in emission order. */
class SubscriptionProperties {

    private static final List<Class<? extends Message>> TYPES =
            List.of(Message.class, Animal.class, Dog.class, Cat.class, Ping.class);

    private static Message message(int kind, int n) {
        return switch (kind) {
            case 0 -> new Dog(n);
            case 1 -> new Cat(n);
            default -> new Ping(n);
        };
    }

    static Gen<List<Integer>> subscriptions() {
        return SourceDSL.lists().of(SourceDSL.integers().between(0, TYPES.size() - 1)).ofSizeBetween(0, 8);
    }

    static Gen<List<Integer>> emissions() {
        return SourceDSL.lists().of(SourceDSL.integers().between(0, 2)).ofSizeBetween(0, 60);
    }

    @Test
    void subscribersReceiveExactlyTheirTypesInEmissionOrder() {
        qt().withFixedSeed(424242L).withExamples(1000)
                .forAll(subscriptions(), emissions(), SourceDSL.integers().between(0, 60))
                .checkAssert(SubscriptionProperties::check);
    }

    private static void check(List<Integer> subscribed, List<Integer> emitted, Integer cancelAfter) {
        Dispatcher bus = EventBusTest.openBus();
        List<List<Message>> received = new ArrayList<>();
        List<io.bussdcc.api.Subscription> subs = new ArrayList<>();
        for (int typeIndex : subscribed) {
            List<Message> inbox = new ArrayList<>();
            received.add(inbox);
            subs.add(bus.subscribe(TYPES.get(typeIndex), e -> inbox.add(e.payload())));
        }
        List<Message> sent = new ArrayList<>();
        Instant t = Instant.EPOCH;
        for (int i = 0; i < emitted.size(); i++) {
            if (i == cancelAfter && !subs.isEmpty()) {
                subs.getFirst().cancel();
            }
            Message m = message(emitted.get(i), i);
            sent.add(m);
            bus.publish(new Event<>(t, m));
        }
        for (int s = 0; s < subscribed.size(); s++) {
            Class<? extends Message> type = TYPES.get(subscribed.get(s));
            int limit = s == 0 ? Math.min(cancelAfter, sent.size()) : sent.size();
            List<Message> expected = sent.subList(0, limit).stream().filter(type::isInstance).toList();
            assertEquals(expected, received.get(s), "subscriber " + s + " of " + type.getSimpleName());
        }
    }
}
