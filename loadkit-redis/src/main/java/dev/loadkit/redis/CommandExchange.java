package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.check.Check;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.redis.internal.ErrorKind;
import io.lettuce.core.api.StatefulConnection;
import dev.loadkit.redis.internal.ReplyOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs commands on a virtual user's connection and records each once: its latency from the intended start,
 * its failure under one kind (the server's error code, {@code timeout}, {@code connection}, else its first
 * failed check), or its interruption by the end of the run. Commands of a pipeline are written together
 * and recorded one by one.
 */
final class CommandExchange {

    /** One command of a run: what it is, and how it is recorded. */
    record Call(String name, Tags tags, ProtocolKeyword command, CommandArgs<String, String> args,
                List<Check<? super RedisReply>> checks, SeriesCache series) {

        Call(String name, Tags tags, ProtocolKeyword command, CommandArgs<String, String> args,
             List<Check<? super RedisReply>> checks) {
            this(name, tags, command, args, checks, null);
        }

        RequestSeries seriesIn(Metrics metrics) {
            return series == null ? metrics.request(RedisMetrics.COMMANDS, tags) : series.in(metrics, tags);
        }
    }

    /**
     * A request definition's series in the run that used it last: looked up once per run and tag set, as the
     * metrics' contract asks, instead of once per command.
     */
    static final class SeriesCache {
        private volatile Found found;

        private record Found(Metrics metrics, Tags tags, RequestSeries series) {
        }

        RequestSeries in(Metrics metrics, Tags tags) {
            Found current = found;
            if (current != null && current.metrics() == metrics && current.tags() == tags) {
                return current.series();
            }
            RequestSeries series = metrics.request(RedisMetrics.COMMANDS, tags);
            found = new Found(metrics, tags, series);
            return series;
        }
    }

    private CommandExchange() {
    }

    static Mono<RedisReply> run(Redis redis, Session session, Call call) {
        return runAll(redis, session, List.of(call)).map(replies -> replies.get(0));
    }

    /** Writes the commands together on the user's connection (a pipeline of one or more), and records each. */
    static Mono<List<RedisReply>> runAll(Redis redis, Session session, List<Call> calls) {
        long start = session.nanoTime();
        long intendedStart = session.intendedStart(start);
        AtomicBoolean recorded = new AtomicBoolean();
        List<AsyncCommand<String, String, Object>> sent = new ArrayList<>(calls.size());
        return redis.connection(session)
                .flatMap(connection -> send(connection, calls, sent))
                // No connection: every command of the batch was started, and failed.
                .onErrorResume(error -> Mono.just(calls.stream().map(call -> new Outcome(null, error)).toList()))
                .map(outcomes -> {
                    long end = session.nanoTime();
                    boolean record = recorded.compareAndSet(false, true);
                    List<RedisReply> replies = new ArrayList<>(calls.size());
                    for (int i = 0; i < calls.size(); i++) {
                        replies.add(complete(session, calls.get(i), outcomes.get(i), intendedStart, start, end, record));
                    }
                    return replies;
                })
                // Cut by the end of the run (or cancelled by the task): counted, never lost.
                .doOnCancel(() -> {
                    sent.forEach(command -> command.cancel(true));
                    if (recorded.compareAndSet(false, true)) {
                        for (Call call : calls) {
                            session.metrics().interrupted(session.metrics().request(RedisMetrics.COMMANDS, call.tags()),
                                    call.name(), intendedStart, start);
                        }
                    }
                });
    }

    /**
     * Sends a command of the driver's own (creating a group, sampling a lag) without recording it: it is
     * the generator's bookkeeping, not load.
     */
    static Mono<Object> unrecorded(Redis redis, Session session, ProtocolKeyword command, CommandArgs<String, String> args) {
        return redis.connection(session).flatMap(connection -> {
            AsyncCommand<String, String, Object> sent = new AsyncCommand<>(new Command<>(command, new ReplyOutput(), args));
            connection.dispatch(sent);
            return Mono.fromFuture(sent);
        });
    }

    /** A command's value, or its error. */
    private record Outcome(Object value, Throwable error) {
    }

    private static Mono<List<Outcome>> send(StatefulConnection<String, String> connection, List<Call> calls,
                                            List<AsyncCommand<String, String, Object>> sent) {
        for (Call call : calls) {
            sent.add(new AsyncCommand<>(new Command<>(call.command(), new ReplyOutput(), call.args())));
        }
        if (sent.size() == 1) {
            AsyncCommand<String, String, Object> only = sent.get(0);
            connection.dispatch(only);
            return Mono.fromFuture(only.handle((value, error) -> List.of(new Outcome(value,
                    error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error))), true);
        }
        // Written together: a pipeline.
        connection.dispatch(sent);
        CompletableFuture<?>[] replies = sent.toArray(new CompletableFuture<?>[0]);
        return Mono.fromFuture(CompletableFuture.allOf(replies).handle((ignored, error) -> outcomes(sent)), true);
    }

    private static List<Outcome> outcomes(List<AsyncCommand<String, String, Object>> sent) {
        List<Outcome> outcomes = new ArrayList<>(sent.size());
        for (AsyncCommand<String, String, Object> command : sent) {
            try {
                outcomes.add(new Outcome(command.getNow(null), null));
            } catch (CompletionException e) {
                outcomes.add(new Outcome(null, e.getCause() == null ? e : e.getCause()));
            } catch (CancellationException e) {
                outcomes.add(new Outcome(null, e));
            }
        }
        return outcomes;
    }

    private static RedisReply complete(Session session, Call call, Outcome outcome, long intendedStart, long start, long end,
                                       boolean record) {
        Throwable error = outcome.error();
        RedisReply reply = new RedisReply(call.name(), outcome.value(),
                error == null ? null : ErrorKind.of(error), error == null ? null : ErrorKind.message(error),
                Duration.ofNanos(end - intendedStart));
        // A failed command counts once in the errors: its error, else its first failed check.
        String errorKind = reply.errorKind().orElse(null);
        String errorMessage = reply.error().orElse(null);
        for (Check<? super RedisReply> check : call.checks()) {
            Optional<String> problem = error == null ? verify(check, reply, session) : Optional.of("the command failed");
            session.check(check.name(), problem.isEmpty());
            if (error == null && problem.isPresent()) {
                if (errorKind == null) {
                    errorKind = "check";
                    errorMessage = check.name() + ": " + problem.get();
                }
                reply = reply.failed("check", check.name() + ": " + problem.get());
            }
        }
        if (record) {
            Metrics metrics = session.metrics();
            if (errorKind != null) {
                metrics.error(call.name(), errorKind, errorMessage);
            }
            call.seriesIn(metrics).record(intendedStart, start, end, errorKind != null);
        }
        return reply;
    }

    private static Optional<String> verify(Check<? super RedisReply> check, RedisReply reply, Session session) {
        try {
            return check.verify(reply, session);
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
