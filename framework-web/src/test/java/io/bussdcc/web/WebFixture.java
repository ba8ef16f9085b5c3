package io.bussdcc.web;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.testing.TestMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** A real runtime with a real web interface on an ephemeral port, and HTTP helpers. */
final class WebFixture implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Runtime runtime;
    final WebInterface web;
    final RecordingSink recorder = new RecordingSink();

    private WebFixture(WebInterface web, Consumer<Runtime> setup) {
        this.web = web;
        this.runtime = Runtime.builder().messageTypes(registry()).build();
        runtime.addSink(recorder);
        setup.accept(runtime);
        runtime.addInterface(web);
        runtime.boot();
    }

    static WebFixture start(WebInterface web, Consumer<Runtime> setup) {
        return new WebFixture(web, setup);
    }

    static WebFixture start(WebInterface web) {
        return new WebFixture(web, r -> { });
    }

    static WebFixture start(WebInterface.Builder builder) {
        return new WebFixture(builder.port(0).build(), r -> { });
    }

    /** The built-in types, the web tests' ({@link TestMessages#WEB}) and the web interface's own. */
    static MessageTypeRegistry registry() {
        MessageTypeRegistry r = MessageTypeRegistry.withBuiltins();
        TestMessages.WEB.forEach(r::register);
        new io.bussdcc.web.internal.WebMessageTypes().registerTypes(r);
        return r;
    }

    /** The WebSocket address, with {@code query} (without '?') when not empty. */
    URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + web.port() + WebInterface.WS_PATH + (query.isEmpty() ? "" : "?" + query));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + web.port() + path);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code GET target} exactly as written — no client-side normalisation of the path —
     * and returns the whole response as text (bytes as ISO-8859-1).
     */
    String rawGet(String target) throws IOException {
        return rawRequest("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + web.port() + "\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} (a request head, maybe a body) byte for byte and reads one response. */
    String rawRequest(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", web.port()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Read the head, then Content-Length bytes: the server need not close the socket.
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        runtime.shutdown("test over");
    }
}
