package io.bussdcc.web;

import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The static files: the dashboard and client library from this module's resources, and the
 * plugins' assets. All are read into memory at start and looked up by exact name, so no
 * request path can reach anything else — there is no file system root to escape.
 */
final class StaticAssets {

    /** The dashboard's files, in {@code io/bussdcc/web/assets/} of this module. */
    static final List<String> BUILT_IN = List.of(
            "index.html", "dashboard.css", "dashboard.js", "bussdcc.js", "forms.js", "favicon.svg", "favicon.ico",
            // unpacked from their WebJars at build time (framework-web's pom)
            "vendor/bootstrap.min.css", "vendor/bootstrap.bundle.min.js", "vendor/chart.umd.min.js", "vendor/luxon.min.js",
            "vendor/chartjs-adapter-luxon.umd.min.js");

    // Scripts, styles, fetches and the WebSocket only to this server ('self' covers ws:/wss: of
    // the same host, CSP Level 3); no framing.
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, Asset> assets;

    private StaticAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Reads the built-in files and the plugins' assets. */
    static StaticAssets load(List<WebPlugin> plugins) {
        Map<String, Asset> map = new HashMap<>();
        for (String name : BUILT_IN) {
            map.put("/assets/" + name, new Asset(WebAsset.contentTypeOf(name), read(name)));
        }
        map.put("/", map.get("/assets/index.html"));
        map.put("/index.html", map.get("/assets/index.html"));
        map.put("/favicon.ico", map.get("/assets/favicon.ico"));
        for (WebPlugin plugin : plugins) {
            for (WebAsset asset : plugin.assets()) {
                map.put("/plugins/" + plugin.name() + "/" + asset.path(), new Asset(asset.contentType(), asset.content()));
            }
        }
        return new StaticAssets(map);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/", this::serve);
        routing.get("/index.html", this::serve);
        routing.get("/favicon.ico", this::serve);
        routing.get("/assets/*", this::serve);
        routing.get("/plugins/*", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        // The raw path, undecoded: names are plain, so anything encoded (%2e%2e, %2f) matches nothing.
        Asset asset = assets.get(req.path().rawPath());
        if (asset == null) {
            res.status(Status.NOT_FOUND_404);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.send("not found");
            return;
        }
        String etag = asset.etag();
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Content-Type-Options", "nosniff");
        if (asset.contentType.startsWith("text/html")) {
            res.header("Content-Security-Policy", CSP);
            res.header("Referrer-Policy", "no-referrer");
        }
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(etag::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType);
        res.send(asset.content);
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the web module lacks its resource io/bussdcc/web/assets/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file and its type. Its ETag (a SHA-256 prefix) is computed on its first request, not at
     * start: hashing the dashboard's ~700 KB of vendor scripts in a fresh JVM's interpreter took
     * 25 ms before the server could listen (BENCHMARKS.md). Racy by design: every thread
     * computes the same string.
     */
    private static final class Asset {
        private final String contentType;
        private final byte[] content;
        private String etag;

        Asset(String contentType, byte[] content) {
            this.contentType = contentType;
            this.content = content;
        }

        String etag() {
            String e = etag;
            if (e == null) {
                e = etag(content);
                etag = e;
            }
            return e;
        }

        private static String etag(byte[] content) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
                return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
