package dev.loadkit.http.internal;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One virtual user's cookies, as a browser keeps them (RFC 6265, the parts that matter to a load test):
 * host-only and domain cookies, paths, {@code Secure}, and expiry by {@code Max-Age}. A cookie whose
 * {@code Max-Age} is zero or negative deletes the stored one.
 */
public final class CookieJar {

    private record Stored(Cookie cookie, String domain, boolean hostOnly, String path, long expiresAtMillis) {
    }

    private final List<Stored> cookies = new ArrayList<>();
    private final LongSupplier clockMillis;

    /**
     * Creates an empty jar.
     *
     * @param clockMillis the wall clock, for expiry
     */
    public CookieJar(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /**
     * Stores the cookies a response sets.
     *
     * @param uri the request's URI
     * @param setCookieHeaders the response's {@code Set-Cookie} headers
     */
    public synchronized void store(URI uri, List<String> setCookieHeaders) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        for (String header : setCookieHeaders) {
            Cookie cookie = ClientCookieDecoder.LAX.decode(header);
            if (cookie == null) {
                continue;
            }
            boolean hostOnly = cookie.domain() == null;
            String domain = hostOnly ? host : stripDot(cookie.domain().toLowerCase(Locale.ROOT));
            if (!hostOnly && !domainMatches(host, domain)) {
                continue;
            }
            String path = cookie.path() != null && cookie.path().startsWith("/") ? cookie.path() : defaultPath(uri);
            cookies.removeIf(stored -> stored.cookie.name().equals(cookie.name()) && stored.domain.equals(domain)
                    && stored.path.equals(path));
            long maxAge = cookie.maxAge();
            if (maxAge != Cookie.UNDEFINED_MAX_AGE && maxAge <= 0) {
                continue;
            }
            long expires = maxAge == Cookie.UNDEFINED_MAX_AGE ? Long.MAX_VALUE : clockMillis.getAsLong() + maxAge * 1000;
            cookies.add(new Stored(cookie, domain, hostOnly, path, expires));
        }
    }

    /**
     * The {@code Cookie} header for a request.
     *
     * @param uri the request's URI
     * @return the header's value, or {@code null} when no cookie applies
     */
    public synchronized String header(URI uri) {
        if (cookies.isEmpty()) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        long now = clockMillis.getAsLong();
        cookies.removeIf(stored -> stored.expiresAtMillis <= now);
        StringBuilder header = new StringBuilder();
        for (Stored stored : cookies) {
            boolean hostMatches = stored.hostOnly ? host.equals(stored.domain) : domainMatches(host, stored.domain);
            if (hostMatches && pathMatches(path, stored.path) && (secure || !stored.cookie.isSecure())) {
                if (header.length() > 0) {
                    header.append("; ");
                }
                header.append(stored.cookie.name()).append('=').append(stored.cookie.value());
            }
        }
        return header.length() == 0 ? null : header.toString();
    }

    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String stripDot(String domain) {
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }
}
