package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bussdcc.api.Config;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    private static ConfigKeys section(Map<String, String> values) {
        return new ConfigKeys(Config.of(values).section("interface.web"));
    }

    @Test
    void keysAskedForAreKnownWhetherSetOrNotAndTheRestAreUnread() {
        ConfigKeys keys = section(Map.of("interface.web.tokn", "s3cret", "interface.web.port", "0",
                "interface.web.enabled", "true", "sink.jsonl.dir", "x"));
        keys.get("token");
        keys.getInt("port", 5000);
        keys.getInt("queue-size", 1024);
        assertEquals(Set.of("tokn"), keys.unread(), "enabled is the runtime's; other sections are not this one's");
        assertEquals(Optional.of("token"), keys.closestTo("tokn"));
        assertEquals(Optional.of("queue-size"), keys.closestTo("queue_size"));
    }

    @Test
    void listingASectionsKeysTakesEveryKeyBelowIt() {
        ConfigKeys keys = section(Map.of("interface.web.client.a", "1", "interface.web.client.b.c", "2",
                "interface.web.other", "3"));
        assertEquals(Set.of("a", "b.c"), keys.section("client").keys());
        assertEquals(Set.of("other"), keys.unread());
        keys.section("other.x").get("y"); // a nested section asks with the whole key
        assertEquals(Set.of("other"), keys.unread());
        keys.keys();
        assertEquals(Set.of(), keys.unread());
    }

    @Test
    void editDistance() {
        assertEquals(0, ConfigKeys.distance("token", "token"));
        assertEquals(1, ConfigKeys.distance("tokn", "token"));
        assertEquals(3, ConfigKeys.distance("", "abc"));
        assertEquals(2, ConfigKeys.distance("flush-interval", "flush-intreval"));
    }
}
