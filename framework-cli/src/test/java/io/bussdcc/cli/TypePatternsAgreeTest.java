package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bussdcc.api.Config;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.ProviderReport;
import io.bussdcc.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One list of type patterns, three places that filter by it: the JSONL sink's {@code types},
 * {@code bussdcc cat --type} and a WebSocket subscription of the web interface. (Before they
 * shared {@code io.bussdcc.api.TypeFilter}, the web read {@code !t:B} as a type name.)
 */
class TypePatternsAgreeTest {

    @MessageType("t:A")
    record A(int n) implements Message {}

    @MessageType("t:B")
    record B(int n) implements Message {}

    @MessageType("t:C")
    record C(int n) implements Message {}

    private static final Pattern TEST_TYPE = Pattern.compile("\"type\":\"(t:[^\"]*)\"");
    private static final Set<String> COMPONENT_KINDS = Set.of("sink", "process", "interface", "service", "device");

    @TempDir
    Path dir;

    @Test
    void anExclusionMeansTheSameInTheSinkInCatAndInTheWeb() throws Exception {
        String patterns = "t:*,!t:B";
        int port = freePort();
        Path filtered = dir.resolve("filtered");
        Path everything = dir.resolve("everything");
        Map<String, String> settings = new HashMap<>(Map.of(
                "interface.web.port", String.valueOf(port),
                "sink.jsonl.dir", filtered.toString(),
                "sink.jsonl.types", patterns));
        // Only the web interface and the JSONL sink of the modules on the test's module path.
        for (ProviderReport r : Composition.discover(ModuleLayer.boot(), Config.of(settings)).report()) {
            boolean wanted = r.kind().equals("interface") && r.name().equals("web")
                    || r.kind().equals("sink") && r.name().equals("jsonl");
            if (COMPONENT_KINDS.contains(r.kind()) && !wanted) {
                settings.put(r.kind() + "." + r.name() + ".enabled", "false");
            }
        }
        Config config = Config.of(settings);
        Runtime runtime = Runtime.builder().config(config).build();
        runtime.messageTypes().register(A.class).register(B.class).register(C.class);
        runtime.addSink(new JsonlSink(everything));
        Composition.discover(ModuleLayer.boot(), config).addTo(runtime);
        List<String> web;
        try {
            runtime.boot();
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?types=" + patterns), collector(received))
                    .join();
            try {
                await(received, "\"op\":\"hello\"");
                runtime.emit(new A(1));
                runtime.emit(new B(2));
                runtime.emit(new C(3));
                web = testTypes(await(received, "\"t:C\""));
            } finally {
                ws.abort();
            }
        } finally {
            runtime.shutdown();
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new CatCommand()));
        int status = cli.run(new String[] {"cat", everything.toString(), "--type", "t:*", "--type", "!t:B"});
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        List<String> cat = testTypes(out.toString(StandardCharsets.UTF_8));

        List<String> expected = List.of("t:A", "t:C");
        assertEquals(expected, web, "the web subscription");
        assertEquals(expected, testTypes(readAll(filtered)), "the JSONL sink's types");
        assertEquals(expected, cat, "cat --type");
        assertEquals(List.of("t:A", "t:B", "t:C"), testTypes(readAll(everything)), "the unfiltered log");
    }

    private static List<String> testTypes(String text) {
        List<String> types = new ArrayList<>();
        Matcher m = TEST_TYPE.matcher(text);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    private static String readAll(Path root) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    /** Everything received up to and including the first message containing {@code marker}. */
    private static String await(LinkedBlockingQueue<String> received, String marker) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        while (true) {
            String text = received.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no message with " + marker + " within 10 s; received: " + seen);
            }
            seen.append(text).append('\n');
            if (text.contains(marker)) {
                return seen.toString();
            }
        }
    }

    private static WebSocket.Listener collector(LinkedBlockingQueue<String> into) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    into.add(partial.toString());
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
