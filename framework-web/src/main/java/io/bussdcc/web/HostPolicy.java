package io.bussdcc.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the server answers, against DNS rebinding: a page of
 * {@code evil.example} whose name is made to resolve to 127.0.0.1 sends {@code Host:
 * evil.example}, which no name of this server matches. Passes: IP addresses (rebinding needs
 * a name), {@code localhost} and {@code *.localhost}, the listening host, the machine's own
 * names when listening on a wildcard address, and the configured allow-list (exact names,
 * {@code .domain} for a domain and its subdomains, {@code *} for any). The contract is in
 * docs/web.md (Security); no name is ever looked up in DNS per request.
 */
final class HostPolicy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?\\]");

    private final boolean any;
    private final Set<String> names;
    private final Set<String> domains;

    HostPolicy(Set<String> configured, String listenHost) {
        Set<String> n = new LinkedHashSet<>();
        Set<String> d = new LinkedHashSet<>();
        boolean star = false;
        for (String c : configured) {
            if (c.equals("*")) {
                star = true;
            } else if (c.startsWith(".")) {
                d.add(c);
            } else {
                n.add(c);
            }
        }
        n.add("localhost");
        d.add(".localhost");
        n.add(bare(listenHost.toLowerCase(Locale.ROOT)));
        if (listenHost.equals("0.0.0.0") || listenHost.equals("::") || listenHost.equals("[::]")) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                n.add(local.getHostName().toLowerCase(Locale.ROOT));
                n.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                // no local name: clients must use an address, localhost, or a configured name
            }
        }
        this.any = star;
        this.names = Set.copyOf(n);
        this.domains = Set.copyOf(d);
    }

    /** Whether a request with this {@code Host} header may be served; an absent header (not a browser) passes. */
    boolean permits(String hostHeader) {
        if (hostHeader == null || any) {
            return true;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String host = h;
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) {
            String port = h.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                return false;
            }
            host = h.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // "localhost." is "localhost"
        }
        if (host.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
            return true;
        }
        if (names.contains(host)) {
            return true;
        }
        for (String domain : domains) {
            if (host.endsWith(domain) || host.equals(domain.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Checks a configured allowed host — a name, {@code .domain}, or {@code *} — and returns it
     * in lower case.
     */
    static String normalizeConfigured(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an allowed host must not be blank");
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("*")) {
            return h;
        }
        String body = h.startsWith(".") ? h.substring(1) : h;
        if (body.isEmpty() || !body.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.')
                || body.startsWith(".") || body.contains("..")) {
            throw new IllegalArgumentException("allowed host '" + host + "' is not a host name, '.domain' or '*' "
                    + "(no scheme, port or path: e.g. dash.example.com or .example.com)");
        }
        return h;
    }
}
