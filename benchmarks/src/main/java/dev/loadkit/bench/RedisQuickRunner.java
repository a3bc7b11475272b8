package dev.loadkit.bench;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Session;
import dev.loadkit.core.Subcommand;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.redis.Redis;
import dev.loadkit.redis.RedisMetrics;
import dev.loadkit.redis.RedisPipeline;
import dev.loadkit.redis.RedisRequest;
import org.reactivestreams.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code loadkit-bench.jar redis URI}: one command under load, as redis-benchmark does, with latency from
 * each command's intended start: {@code -c} connections, {@code -P} commands pipelined per round trip,
 * an open model with {@code --rate}.
 */
@Command(name = "loadkit-bench redis", sortOptions = false, usageHelpAutoWidth = true,
        description = "Loads a Redis (or DragonflyDB) server with one command and prints a wrk-like summary.",
        footer = {"", QuickRun.EXIT_CODES})
public final class RedisQuickRunner implements Subcommand {

    /** Creates the command; {@link java.util.ServiceLoader} calls it. */
    public RedisQuickRunner() {
    }

    /** The commands the runner knows, each as redis-benchmark sends it. */
    private enum Kind { PING, SET, GET, INCR, LPUSH, XADD }

    @Parameters(index = "0", paramLabel = "URI", description = "redis://[user:password@]host:port[/db], or rediss:// for TLS.")
    String uri;

    @Option(names = "--command", paramLabel = "COMMAND", description = "PING, SET, GET, INCR, LPUSH or XADD. Default SET.")
    String command = "SET";

    @Option(names = "-P", paramLabel = "N", description = "Commands pipelined per round trip. Default 1.")
    int pipeline = 1;

    @Option(names = {"-d", "--data-size"}, paramLabel = "BYTES", description = "The value's size for SET, LPUSH and XADD. Default 3.")
    int dataSize = 3;

    @Option(names = {"-r", "--keyspace"}, paramLabel = "N",
            description = "Random keys among N (key:000000000000 to key:N-1), as redis-benchmark's -r; 0 for one key. Default 0.")
    long keyspace;

    @Option(names = {"-z", "--duration"}, paramLabel = "DURATION", description = "How long, like 10s or 1m. Default 10s.")
    String duration = "10s";

    @Option(names = "--insecure", description = "TLS without verifying the server's certificate.")
    boolean insecure;

    @Mixin
    QuickRun.LoadOptions load = new QuickRun.LoadOptions();

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String description() {
        return "Loads Redis with one command as redis-benchmark does: redis URI [--command SET] [-c N] ...; redis --help";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return QuickRun.execute("redis", this, runner -> runner.run(out), args, out, err);
    }

    private int run(PrintStream out) {
        Kind kind;
        try {
            kind = Kind.valueOf(command.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--command " + command + " is not one of PING, SET, GET, INCR, LPUSH, XADD");
        }
        if (pipeline < 1 || dataSize < 0 || keyspace < 0) {
            throw new ConfigurationException("-P must be at least 1, and -d and -r at least 0");
        }
        Redis.Builder protocol = Redis.builder().uri(uri);
        if (insecure) {
            protocol.trustAllCertificates();
        }
        Redis redis = protocol.build();
        String value = "x".repeat(dataSize);
        String key = keyspace > 0 ? "key:{key}" : "key:000000000000";
        RedisRequest one = switch (kind) {
            case PING -> redis.command("PING");
            case SET -> redis.set(key, value);
            case GET -> redis.get(key);
            case INCR -> redis.incr(keyspace > 0 ? "counter:{key}" : "counter");
            case LPUSH -> redis.lpush("mylist", value);
            case XADD -> redis.command("XADD", "mystream", "*", "myfield", value);
        };
        RedisRequest request = one.name(kind.name());
        Function<Session, Publisher<?>> send;
        if (pipeline == 1) {
            send = request::run;
        } else {
            RedisPipeline batch = redis.pipeline(Collections.nCopies(pipeline, request).toArray(RedisRequest[]::new));
            send = batch::run;
        }
        Function<Session, Publisher<?>> task = keyspace == 0 ? send : session -> {
            session.set("key", String.format(Locale.ROOT, "%012d", session.random().nextLong(keyspace)));
            return send.apply(session);
        };
        LoadTest test = LoadTest.named("redis " + kind)
                .users(UserClass.named("client").task(Task.of("command", task::apply)).build())
                .protocol(redis)
                .workload(load.workload(DurationSyntax.parse(duration)))
                .gracefulStop(Duration.ofSeconds(5))
                .build();
        return QuickRun.run(test, load, duration, redis.target().orElse(uri) + " " + kind
                + (pipeline > 1 ? " (" + pipeline + " pipelined)" : ""), RedisMetrics.COMMANDS, out);
    }
}
