package dev.loadkit.redis;

import dev.loadkit.core.check.ValueCheck;

import java.time.Duration;
import java.util.Optional;

/**
 * The checks and extractions of replies, to use with {@link RedisRequest#check}, as
 * {@link dev.loadkit.core.check.Check}s:
 *
 * <pre>{@code
 * redis.command("SET", "lock:{task}", "{agent}", "NX").check(value().is("OK"));
 * redis.incr("seq").check(value().saveAs("seq"));
 * }</pre>
 */
public final class RedisChecks {

    private RedisChecks() {
    }

    /**
     * The reply's value: text as {@code String}, numbers as {@code Long} or {@code Double}; missing for nil.
     *
     * @return the value to check
     */
    public static ValueCheck<RedisReply, Object> value() {
        return ValueCheck.of("value", reply -> Optional.ofNullable(reply.value()));
    }

    /**
     * The command's latency, from the intended start.
     *
     * @return the value to check
     */
    public static ValueCheck<RedisReply, Duration> responseTime() {
        return ValueCheck.of("responseTime", reply -> Optional.of(reply.latency()));
    }
}
