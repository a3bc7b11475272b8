package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.Template;
import dev.loadkit.core.check.Check;
import dev.loadkit.core.metrics.Tags;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Redis command as a test defines it once and runs many times: its name and arguments, whose
 * {@code {key}} placeholders take session values, a name for reports, and checks. Immutable: each method
 * returns a new request. The first argument is the key (as for almost every command), which a cluster
 * routes by.
 *
 * <pre>{@code
 * RedisRequest claim = redis.command("SET", "lock:{taskId}", "{agentId}", "NX", "PX", "30000")
 *         .name("claim task")
 *         .check(RedisChecks.value().is("OK"));
 * Task.of("claim", claim::run);
 * }</pre>
 *
 * <p>{@link #run} never fails because of the server: an error reply, a timeout or a lost connection gives a
 * {@link RedisReply#failed() failed} reply, counted once in the errors under its kind, and the virtual user
 * goes on. It fails only when the command cannot be made, such as when a placeholder has no value.
 */
public final class RedisRequest {

    private final Redis redis;
    private final ProtocolKeyword command;
    private final List<Template> arguments;
    private final String name;
    private final List<Check<? super RedisReply>> checks;
    private final Tags tags;
    private final CommandExchange.SeriesCache series = new CommandExchange.SeriesCache();

    RedisRequest(Redis redis, String command, List<String> arguments) {
        this(redis, keyword(command), arguments.stream().map(Template::parse).toList(),
                command.toUpperCase(Locale.ROOT), List.of());
    }

    private RedisRequest(Redis redis, ProtocolKeyword command, List<Template> arguments, String name,
                         List<Check<? super RedisReply>> checks) {
        this.redis = redis;
        this.command = command;
        this.arguments = arguments;
        this.name = name;
        this.checks = checks;
        this.tags = Tags.of(Tags.NAME, name, "command", command.toString());
    }

    /**
     * The name reports use for this request, instead of the command's: keep it stable, as {@code get user}
     * for {@code GET user:{id}}.
     *
     * @param newName the name
     * @return a new request
     */
    public RedisRequest name(String newName) {
        return new RedisRequest(redis, command, arguments, Objects.requireNonNull(newName, "name"), checks);
    }

    /**
     * Adds checks, run in order on every reply that is not an error; see {@link RedisChecks}.
     *
     * @param newChecks the checks
     * @return a new request
     */
    @SafeVarargs
    public final RedisRequest check(Check<? super RedisReply>... newChecks) {
        List<Check<? super RedisReply>> all = new ArrayList<>(checks);
        all.addAll(Arrays.asList(newChecks));
        return new RedisRequest(redis, command, arguments, name, List.copyOf(all));
    }

    /**
     * Sends the command as a virtual user and records it.
     *
     * @param session the virtual user's session
     * @return the reply; failed but never an error when the server misbehaves
     */
    public Mono<RedisReply> run(Session session) {
        return Mono.defer(() -> CommandExchange.run(redis, session, new CommandExchange.Call(name, tags(session), command,
                args(session), checks, series)));
    }

    /**
     * The request's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    ProtocolKeyword command() {
        return command;
    }

    List<Check<? super RedisReply>> checks() {
        return checks;
    }

    Tags tags(Session session) {
        String group = session.groupPath();
        return group.isEmpty() ? tags : tags.and("group", group);
    }

    /** The arguments of one run, placeholders filled; the first is the key. */
    CommandArgs<String, String> args(Session session) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (int i = 0; i < arguments.size(); i++) {
            String value = arguments.get(i).render(session, text -> text);
            if (i == 0) {
                args.addKey(value);
            } else {
                args.addValue(value);
            }
        }
        return args;
    }

    /** Lettuce's keyword for a command's name: its own when it knows it, else the name as sent. */
    static ProtocolKeyword keyword(String command) {
        String upper = command.trim().toUpperCase(Locale.ROOT);
        if (upper.isEmpty() || upper.contains(" ")) {
            throw new IllegalArgumentException("'" + command + "' is not a command name; give its arguments separately");
        }
        try {
            return CommandType.valueOf(upper);
        } catch (IllegalArgumentException unknown) {
            byte[] bytes = upper.getBytes(StandardCharsets.US_ASCII);
            return new ProtocolKeyword() {
                @Override
                public byte[] getBytes() {
                    return bytes;
                }

                @Override
                public String toString() {
                    return upper;
                }
            };
        }
    }
}
