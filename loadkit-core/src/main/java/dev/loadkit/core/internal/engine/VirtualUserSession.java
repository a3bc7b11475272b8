package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Feeder;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metrics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The {@link Session} of one virtual user. */
final class VirtualUserSession implements Session {

    private final long userId;
    private final String userClass;
    private final RunScope scope;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    /**
     * Types and their attachments, in pairs: a driver has one or two, found on every request by a scan of a short
     * array (a hash map's lookup was 3% of the HTTP path in a profile); replaced whole, under the session's lock,
     * when one is added.
     */
    private volatile Object[] attachments = new Object[0];
    private final Queue<Runnable> stopActions = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> iterationEndActions = new ConcurrentLinkedQueue<>();
    private volatile boolean inIteration;
    private final SplittableRandom random;
    /** How late the current iteration started against its schedule; written before each iteration. */
    private volatile long lagNanos;
    private volatile String groupPath = "";

    VirtualUserSession(long userId, String userClass, RunScope scope) {
        this.userId = userId;
        this.userClass = userClass;
        this.scope = scope;
        this.random = new SplittableRandom(scope.seed() * 0x9E3779B97F4A7C15L + userId);
    }

    void beginIteration(long intendedStart, long start) {
        lagNanos = Math.max(0, start - intendedStart);
        inIteration = true;
    }

    /** Runs the actions registered during the iteration that just ended. */
    void endIteration() {
        inIteration = false;
        runActions(iterationEndActions);
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public String userClass() {
        return userClass;
    }

    @Override
    public RunContext run() {
        return scope.context();
    }

    @Override
    public Optional<Object> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("session of user " + userId + " has no value '" + key + "'");
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("session value '" + key + "' is a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public Session set(String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        return this;
    }

    @Override
    public Session feed(Feeder feeder) {
        values.putAll(feeder.next());
        return this;
    }

    @Override
    public boolean check(String name, boolean passed) {
        scope.check(name).record(passed);
        return passed;
    }

    @Override
    public <T> Mono<T> group(String name, Supplier<? extends Mono<T>> body) {
        return Mono.defer(() -> {
            String outer = groupPath;
            String path = outer + "::" + name;
            long start = nanoTime();
            long intended = intendedStart(start);
            groupPath = path;
            Mono<T> inner;
            try {
                inner = body.get();
            } catch (RuntimeException e) {
                groupPath = outer;
                return Mono.error(e);
            }
            // Recorded before the completion travels on, so that the iteration's end (and a run's end
            // right after it) sees the group's time.
            return inner.doOnTerminate(() -> {
                scope.group(path).record(intended, start, nanoTime());
                groupPath = outer;
            }).doOnCancel(() -> groupPath = outer);
        });
    }

    @Override
    public String groupPath() {
        return groupPath;
    }

    @Override
    public <T> T attachment(Class<T> type, Supplier<? extends T> create) {
        Object found = attached(attachments, type);
        if (found == null) {
            synchronized (this) {
                found = attached(attachments, type);
                if (found == null) {
                    found = create.get();
                    Object[] current = attachments; // read again: the creation may have attached something itself
                    Object[] grown = Arrays.copyOf(current, current.length + 2);
                    grown[current.length] = type;
                    grown[current.length + 1] = found;
                    attachments = grown;
                }
            }
        }
        return type.cast(found);
    }

    private static Object attached(Object[] pairs, Class<?> type) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == type) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    @Override
    public void onStop(Runnable action) {
        stopActions.add(action);
    }

    /** Runs the actions registered with {@link #onStop}; an action that fails is counted and skipped. */
    @Override
    public void onIterationEnd(Runnable action) {
        (inIteration ? iterationEndActions : stopActions).add(action);
    }

    void runStopActions() {
        runActions(iterationEndActions);
        runActions(stopActions);
    }

    private void runActions(Queue<Runnable> actions) {
        for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                scope.metrics().error(userClass, "on stop", ErrorText.of(e), e);
            }
        }
    }

    @Override
    public Metrics metrics() {
        return scope.metrics();
    }

    @Override
    public long nanoTime() {
        return scope.clock().getAsLong();
    }

    @Override
    public long intendedStart(long actualStart) {
        return actualStart - lagNanos;
    }

    @Override
    public Scheduler scheduler() {
        return scope.scheduler();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}
