package io.bussdcc.web;

import static io.bussdcc.web.WebFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live runtime's dashboard has no timeline: the greeting says so, and replay controls are refused. */
class LiveModeHasNoReplayControlsTest {

    @Test
    void theGreetingSaysItIsNoReplayAndEveryReplayOpIsRefusedNamingTheCommandThatHasOne() throws Exception {
        try (WebFixture f = start(WebInterface.builder()); WsClient ws = WsClient.connect(f.ws(""))) {
            Map<String, Object> hello = ws.await("hello");
            assertEquals(false, hello.get("replay"));
            long id = 1;
            for (String op : ReplayControls.OPS) {
                ws.send("{\"op\":\"" + op + "\",\"id\":" + id + ",\"time\":\"2026-01-01T00:00:00Z\",\"speed\":2}");
                Map<String, Object> error = ws.await("error");
                assertEquals(id, ((Number) error.get("id")).longValue());
                assertEquals("not-a-replay", error.get("code"));
                assertEquals("'" + op + "' controls a replay; this server shows a live runtime (start it with: "
                        + "bussdcc replay SOURCE --web)", error.get("message"));
                id++;
            }
            ws.send("{\"op\":\"ping\",\"id\":99}");
            assertEquals(99L, ((Number) ws.await("pong").get("id")).longValue());
            assertEquals(404, f.get("/api/replay").statusCode());
            assertTrue(f.get("/").body().contains("id=\"replay-bar\" class=\"replay-bar\" hidden"), "the bar starts hidden");
        }
    }
}
