package dev.loadkit.redis;

import dev.loadkit.core.Session;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Commands written together and answered together (pipelining): one round trip for the batch, each command
 * recorded on its own, with the batch's latency. Immutable.
 *
 * <pre>{@code
 * RedisPipeline warm = redis.pipeline(redis.set("a:{userId}", "1"), redis.incr("hits"), redis.get("a:{userId}"));
 * Task.of("warm", warm::run);
 * }</pre>
 */
public final class RedisPipeline {

    private final Redis redis;
    private final List<RedisRequest> requests;

    RedisPipeline(Redis redis, List<RedisRequest> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one command");
        }
        this.redis = redis;
        this.requests = requests;
    }

    /**
     * Sends the commands as a virtual user.
     *
     * @param session the virtual user's session
     * @return the replies, in order; failed ones included, never an error
     */
    public Mono<List<RedisReply>> run(Session session) {
        return Mono.defer(() -> CommandExchange.runAll(redis, session, requests.stream()
                .map(request -> new CommandExchange.Call(request.name(), request.tags(session), request.command(),
                        request.args(session), request.checks()))
                .toList()));
    }
}
