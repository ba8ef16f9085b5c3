package io.bussdcc.web.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A static file a {@link WebPlugin} contributes, held in memory: served at
 * {@code /plugins/<plugin>/<path>} and nowhere else.
 */
public final class WebAsset {

    // Plain relative paths only: no "..", no empty or dot segments, no escapes to decode.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final String path;
    private final String contentType;
    private final byte[] content;

    /**
     * An asset of these bytes.
     *
     * @param path        where below the plugin's folder it is served, e.g. {@code js/widget.js}
     * @param contentType its media type, e.g. {@code text/javascript; charset=utf-8}
     * @param content     its bytes (copied)
     * @throws IllegalArgumentException if {@code path} is not a plain relative path
     */
    public WebAsset(String path, String contentType, byte[] content) {
        this.path = requireValidPath(path);
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.content = Objects.requireNonNull(content, "content").clone();
    }

    /**
     * Reads the resource {@code resource} of {@code owner}'s module (resolved like
     * {@link Class#getResourceAsStream}) now, typed by its file extension.
     *
     * <p>The lookup is made by this module, so in a named module a resource inside a package is
     * found only when that package is open to it ({@code opens my.pkg to io.bussdcc.web;}).
     * Without that, read the bytes in your own module and use the constructor.
     *
     * @throws IllegalArgumentException naming the resource if there is none, or it cannot be seen
     */
    public static WebAsset fromResource(Class<?> owner, String resource, String path) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource '" + resource + "' next to " + owner.getName()
                        + " (in module " + owner.getModule().getName() + ")");
            }
            return new WebAsset(path, contentTypeOf(path), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource '" + resource + "' of " + owner.getName(), e);
        }
    }

    /** Where below the plugin's folder it is served. */
    public String path() {
        return path;
    }

    /** Its media type, sent as {@code Content-Type}. */
    public String contentType() {
        return contentType;
    }

    /** A copy of its bytes. */
    public byte[] content() {
        return content.clone();
    }

    /** Its size in bytes. */
    public int size() {
        return content.length;
    }

    /** The media type for a file name, by extension; {@code application/octet-stream} when unknown. */
    public static String contentTypeOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "txt" -> "text/plain; charset=utf-8";
            case "woff2" -> "font/woff2";
            default -> "application/octet-stream";
        };
    }

    /**
     * Checks that {@code path} is a plain relative path — segments of letters, digits,
     * {@code . _ -}, not starting with a dot — and returns it.
     *
     * @throws IllegalArgumentException naming the path otherwise
     */
    public static String requireValidPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("an asset path must not be empty");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("asset path '" + path
                        + "' is not a plain relative path (segments of letters, digits, '.', '_', '-', not starting with '.')");
            }
        }
        return path;
    }

    @Override
    public String toString() {
        return "WebAsset[" + path + ", " + contentType + ", " + content.length + " bytes]";
    }
}
