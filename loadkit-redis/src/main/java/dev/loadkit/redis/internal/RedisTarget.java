package dev.loadkit.redis.internal;

import io.lettuce.core.RedisURI;

/** Redis URIs as the driver takes them, and as reports may show them: never with a password. */
public final class RedisTarget {

    private RedisTarget() {
    }

    /**
     * Parses a URI.
     *
     * @param uri {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} (TLS), or
     *            {@code redis-sentinel://...}
     * @return Lettuce's URI
     * @throws IllegalArgumentException when it is not a Redis URI; the message never holds the password
     */
    public static RedisURI parse(String uri) {
        if (!isRedis(uri)) {
            throw new IllegalArgumentException("Redis target '" + masked(uri) + "' must be redis://host:port, rediss://host:port"
                    + " or redis-sentinel://host:port#master");
        }
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Redis target '" + masked(uri) + "' is not a Redis URI");
        }
    }

    /**
     * Whether a text is a Redis URI rather than another driver's target.
     *
     * @param text the text, such as the run's {@code --host}
     * @return true for {@code redis://}, {@code rediss://} and {@code redis-sentinel://}
     */
    public static boolean isRedis(String text) {
        return text.startsWith("redis://") || text.startsWith("rediss://") || text.startsWith("redis-sentinel://");
    }

    /**
     * A URI with its password, if any, replaced by {@code ***}, for headers, reports and messages.
     *
     * @param uri the URI
     * @return the URI to show
     */
    public static String masked(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String credentials = uri.substring(scheme + 3, at);
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? "" : credentials.substring(0, colon);
        return uri.substring(0, scheme + 3) + user + ":***" + uri.substring(at);
    }
}
