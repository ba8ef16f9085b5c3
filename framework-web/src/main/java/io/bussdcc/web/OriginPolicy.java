package io.bussdcc.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open the WebSocket and send control requests: the page's own
 * origin (its scheme-less {@code host:port} equals the request's {@code Host}) and the
 * configured allow-list. Requests without an {@code Origin} header (not from a browser page)
 * pass; the token, when configured, still guards what they may do.
 */
final class OriginPolicy {

    private final Set<String> allowed;

    /**
     * @param configured the configured further origins (normalised)
     * @param host       the host the server listens on
     * @param port       the port it listens on
     */
    OriginPolicy(Set<String> configured, String host, int port) {
        this.allowed = configured.isEmpty() ? Set.of() : Set.copyOf(withOwnOrigins(configured, host, port));
    }

    /**
     * The origins listed as allowed: empty when none are configured (then only same-origin
     * pages pass), else the configured ones plus this server's own.
     */
    Set<String> allowed() {
        return allowed;
    }

    /** Whether a request with these {@code Origin} and {@code Host} headers (either may be null) is allowed. */
    boolean permits(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        return host != null && sameAuthority(normalized, host.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean sameAuthority(String origin, String host) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
        String hostOnly = host;
        int hostPort = defaultPort(uri.getScheme());
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            hostOnly = host.substring(0, colon);
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String originHost = uri.getHost();
        return stripBrackets(originHost).equals(stripBrackets(hostOnly)) && port == hostPort;
    }

    private static String stripBrackets(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /**
     * The configured origins plus this server's own on {@code port}: Helidon checks a
     * configured WebSocket origin list literally, so the list must also name the origins a
     * same-origin page has — the configured host and, for loopback or wildcard hosts, the
     * local names.
     */
    private static Set<String> withOwnOrigins(Set<String> configured, String host, int port) {
        Set<String> origins = new LinkedHashSet<>(configured);
        Set<String> names = new LinkedHashSet<>();
        names.add(host);
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (wildcard || isLoopback(host)) {
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("::1");
        }
        if (wildcard) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                names.add(local.getHostName());
                names.add(local.getCanonicalHostName());
                names.add(local.getHostAddress());
            } catch (UnknownHostException e) {
                // no local name to add: pages reached by name must then be allowed explicitly
            }
        }
        for (String name : names) {
            if (!name.equals("0.0.0.0") && !name.equals("::") && !name.equals("[::]")) {
                origins.add("http://" + hostForUri(name).toLowerCase(Locale.ROOT) + ":" + port);
            }
        }
        return origins;
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host} as it appears in a URI: IPv6 addresses in brackets. */
    static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * Checks a configured origin — {@code scheme://host[:port]}, nothing more — and returns it
     * in the form browsers send (lower case, no trailing slash).
     */
    static String normalizeConfigured(String origin) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("an allowed origin must not be blank");
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(o);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("allowed origin '" + origin + "' is not scheme://host[:port]", e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("allowed origin '" + origin + "' is not scheme://host[:port]");
        }
        return o;
    }
}
