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
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
        return new CommandMono<>(redis, session, List.of(call), true);
    }

    /** Writes the commands together on the user's connection (a pipeline of one or more), and records each. */
    static Mono<List<RedisReply>> runAll(Redis redis, Session session, List<Call> calls) {
        return new CommandMono<>(redis, session, calls, false);
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

    /**
     * The commands of one exchange as a single operator, since this is the driver's hot path: a Reactor chain
     * of connect, flat-map, error-resume, map and cancel hooks cost a profiled run a fifth of its throughput.
     * Timed from the subscription; emits the reply (or the list of them) once every command completed.
     */
    private static final class CommandMono<O> extends Mono<O> {
        private final Redis redis;
        private final Session session;
        private final List<Call> calls;
        private final boolean single;

        CommandMono(Redis redis, Session session, List<Call> calls, boolean single) {
            this.redis = redis;
            this.session = session;
            this.calls = calls;
            this.single = single;
        }

        @Override
        public void subscribe(CoreSubscriber<? super O> actual) {
            Exchange<O> exchange = new Exchange<>(actual, session, calls, single);
            actual.onSubscribe(exchange);
            StatefulConnection<String, String> made = redis.madeConnection(session);
            if (made != null) {
                exchange.send(made);
            } else {
                redis.connection(session).subscribe(exchange::send, exchange::notConnected);
            }
        }
    }

    /** One exchange in flight: its commands, their completion, and the recording of each once. */
    private static final class Exchange<O> extends Operators.MonoSubscriber<Object, O> {
        private static final AtomicIntegerFieldUpdater<Exchange> REMAINING =
                AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "remaining");
        private static final AtomicIntegerFieldUpdater<Exchange> RECORDED =
                AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "recorded");

        private final Session session;
        private final List<Call> calls;
        private final boolean single;
        private final long start;
        private final long intendedStart;
        private final SentCommand[] sent;
        private volatile int remaining;
        private volatile int recorded;

        Exchange(CoreSubscriber<? super O> actual, Session session, List<Call> calls, boolean single) {
            super(actual);
            this.session = session;
            this.calls = calls;
            this.single = single;
            this.start = session.nanoTime();
            this.intendedStart = session.intendedStart(start);
            this.sent = new SentCommand[calls.size()];
            this.remaining = calls.size();
        }

        void send(StatefulConnection<String, String> connection) {
            if (isCancelled()) {
                return;
            }
            for (int i = 0; i < sent.length; i++) {
                Call call = calls.get(i);
                sent[i] = new SentCommand(this, new Command<>(call.command(), new ReplyOutput(), call.args()));
            }
            try {
                if (sent.length == 1) {
                    connection.dispatch(sent[0]);
                } else {
                    // Written together: a pipeline.
                    connection.dispatch(Arrays.asList(sent));
                }
            } catch (RuntimeException e) {
                // Refused before it was written (a closed connection): each command failed, and is recorded.
                for (SentCommand command : sent) {
                    command.completeExceptionally(e);
                }
            }
        }

        /** No connection: every command of the batch was started, and failed. */
        void notConnected(Throwable error) {
            List<Outcome> outcomes = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                outcomes.add(new Outcome(null, error));
            }
            finish(outcomes);
        }

        void commandDone() {
            if (REMAINING.decrementAndGet(this) == 0) {
                List<Outcome> outcomes = new ArrayList<>(sent.length);
                for (SentCommand command : sent) {
                    outcomes.add(command.outcome());
                }
                finish(outcomes);
            }
        }

        @SuppressWarnings("unchecked")
        private void finish(List<Outcome> outcomes) {
            long end = session.nanoTime();
            if (!RECORDED.compareAndSet(this, 0, 1)) {
                return;
            }
            List<RedisReply> replies = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                replies.add(recordReply(session, calls.get(i), outcomes.get(i), intendedStart, start, end));
            }
            complete((O) (single ? replies.get(0) : replies));
        }

        /** Cut by the end of the run (or cancelled by the task): counted, never lost. */
        @Override
        public void cancel() {
            super.cancel();
            // Recorded before the commands are cancelled, which completes them as failed.
            if (RECORDED.compareAndSet(this, 0, 1)) {
                for (Call call : calls) {
                    session.metrics().interrupted(call.seriesIn(session.metrics()), call.name(), intendedStart, start);
                }
            }
            for (SentCommand command : sent) {
                if (command != null) {
                    command.cancel(true);
                }
            }
        }
    }

    /** A command that tells its exchange when it completed, failed or was cancelled, once. */
    private static final class SentCommand extends AsyncCommand<String, String, Object> {
        private static final AtomicIntegerFieldUpdater<SentCommand> TOLD =
                AtomicIntegerFieldUpdater.newUpdater(SentCommand.class, "told");

        private final Exchange<?> exchange;
        private volatile int told;

        SentCommand(Exchange<?> exchange, Command<String, String, Object> command) {
            super(command);
            this.exchange = exchange;
        }

        @Override
        public void complete() {
            super.complete();
            tell();
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            boolean completed = super.completeExceptionally(error);
            tell();
            return completed;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            tell();
            return cancelled;
        }

        private void tell() {
            if (isDone() && TOLD.compareAndSet(this, 0, 1)) {
                exchange.commandDone();
            }
        }

        Outcome outcome() {
            try {
                return new Outcome(getNow(null), null);
            } catch (CompletionException e) {
                return new Outcome(null, e.getCause() == null ? e : e.getCause());
            } catch (CancellationException e) {
                return new Outcome(null, e);
            }
        }
    }

    /** A command's value, or its error. */
    private record Outcome(Object value, Throwable error) {
    }

    private static RedisReply recordReply(Session session, Call call, Outcome outcome, long intendedStart, long start, long end) {
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
        Metrics metrics = session.metrics();
        if (errorKind != null) {
            metrics.error(call.name(), errorKind, errorMessage, error);
        }
        call.seriesIn(metrics).record(intendedStart, start, end, errorKind != null);
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
