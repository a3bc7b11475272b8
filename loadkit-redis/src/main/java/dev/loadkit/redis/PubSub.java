package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.redis.internal.EpochClock;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Subscriptions on a virtual user's pub/sub connection, and the stamp publishers put before a message:
 * {@code U+0001 lk MICROS U+0001}, which subscribers take off.
 */
final class PubSub {

    private static final String MARK = "\u0001lk";

    private PubSub() {
    }

    static String stamp(String message) {
        return MARK + EpochClock.micros() + '\u0001' + message;
    }

    static Flux<PubSubMessage> subscribe(Redis redis, Session session, boolean patterns, List<String> names) {
        if (names.isEmpty()) {
            return Flux.error(new IllegalArgumentException("subscribe to at least one channel"));
        }
        String[] filled = names.stream().map(name -> dev.loadkit.core.Template.parse(name).render(session, text -> text))
                .toArray(String[]::new);
        return redis.pubSubConnection(session).flatMapMany(connection -> {
            RedisPubSubReactiveCommands<String, String> commands = connection.reactive();
            Flux<PubSubMessage> messages = patterns
                    ? commands.observePatterns().filter(message -> contains(filled, message.getPattern()))
                            .map(message -> received(session, message.getChannel(), message.getPattern(), message.getMessage()))
                    : commands.observeChannels().filter(message -> contains(filled, message.getChannel()))
                            .map(message -> received(session, message.getChannel(), null, message.getMessage()));
            Mono<Void> subscribed = patterns ? commands.psubscribe(filled) : commands.subscribe(filled);
            Mono<Void> unsubscribed = patterns ? commands.punsubscribe(filled) : commands.unsubscribe(filled);
            // Observing first, so that no message published right after the subscription is missed.
            return Flux.merge(messages, subscribed.then(Mono.empty()))
                    .doFinally(signal -> unsubscribed.subscribe(null, error -> { }));
        });
    }

    private static boolean contains(String[] names, String name) {
        for (String candidate : names) {
            if (candidate.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static PubSubMessage received(Session session, String channel, String pattern, String payload) {
        long sentAt = 0;
        String message = payload;
        if (payload.startsWith(MARK)) {
            int end = payload.indexOf('\u0001', MARK.length());
            if (end > 0) {
                try {
                    sentAt = Long.parseLong(payload.substring(MARK.length(), end));
                    message = payload.substring(end + 1);
                } catch (NumberFormatException e) {
                    sentAt = 0;
                }
            }
        }
        Tags tags = Tags.of("channel", pattern != null ? pattern : channel);
        session.metrics().counter(RedisMetrics.PUBSUB_MSGS_RECEIVED, tags).add(1);
        if (sentAt > 0) {
            session.metrics().trend(RedisMetrics.PUBSUB_MSG_LATENCY, tags).record(EpochClock.nanosSince(sentAt));
        }
        return new PubSubMessage(channel, pattern, message, sentAt);
    }
}
