package dev.loadkit.redis;

/**
 * A message a subscriber received, without the stamp a loadkit publisher adds.
 *
 * @param channel the channel it was published on
 * @param pattern the pattern it matched, for a pattern subscription; null otherwise
 * @param message the message
 * @param sentAtMicros when a loadkit publisher published it, microseconds since the epoch; 0 when not stamped
 */
public record PubSubMessage(String channel, String pattern, String message, long sentAtMicros) {
}
