package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.Template;
import dev.loadkit.core.metrics.Tags;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Publishes messages on a channel ({@code PUBLISH}), each stamped with its time so that loadkit subscribers
 * record {@code pubsub_msg_latency}; subscribers of other tools see the stamp as a prefix of the message.
 * Immutable.
 */
public final class RedisPublisher {

    private final Redis redis;
    private final String channelText;
    private final Template channel;
    private final Tags tags;
    private final Tags channelTags;

    RedisPublisher(Redis redis, String channel) {
        this.redis = redis;
        this.channelText = channel;
        this.channel = Template.parse(channel);
        this.tags = Tags.of(Tags.NAME, "PUBLISH " + channel, "command", "PUBLISH");
        this.channelTags = Tags.of("channel", channel);
    }

    /**
     * Publishes a message and counts it in {@code pubsub_msgs_published}.
     *
     * @param session the virtual user's session
     * @param message the message
     * @return the reply: how many subscribers received it, or a failure
     */
    public Mono<RedisReply> publish(Session session, String message) {
        return Mono.defer(() -> {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
                    .addKey(channel.render(session, text -> text)).addValue(PubSub.stamp(message));
            String group = session.groupPath();
            return CommandExchange.run(redis, session, new CommandExchange.Call("PUBLISH " + channelText,
                            group.isEmpty() ? tags : tags.and("group", group), CommandType.PUBLISH, args, List.of()))
                    .doOnNext(reply -> {
                        if (!reply.failed()) {
                            session.metrics().counter(RedisMetrics.PUBSUB_MSGS_PUBLISHED, channelTags).add(1);
                        }
                    });
        });
    }
}
