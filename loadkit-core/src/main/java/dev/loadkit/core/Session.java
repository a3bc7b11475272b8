package dev.loadkit.core;

import dev.loadkit.core.metrics.Metrics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The state of one virtual user: its identity, its own values (ids, tokens, feeder rows), and its way to
 * the run's metrics and clock. A task reads and writes it; drivers use it to time and record requests.
 *
 * <p>A virtual user runs one task at a time, but a task may run requests concurrently, so the values are
 * safe to read and write from several threads.
 */
public interface Session {

    /**
     * The virtual user's number, unique in the run, from 1.
     *
     * @return the id
     */
    long userId();

    /**
     * The name of the virtual user's class.
     *
     * @return the user class's name
     */
    String userClass();

    /**
     * The run: its host, environment and {@code -e} variables.
     *
     * @return the run's context
     */
    RunContext run();

    /**
     * A value of this virtual user.
     *
     * @param key the value's key
     * @return the value, if set
     */
    Optional<Object> find(String key);

    /**
     * A value of this virtual user that must be there, such as an id extracted from an earlier response.
     *
     * @param key the value's key
     * @param type the value's type
     * @param <T> the value's type
     * @return the value
     * @throws IllegalStateException when the value is missing or has another type
     */
    <T> T get(String key, Class<T> type);

    /**
     * A value as text, such as for a path template.
     *
     * @param key the value's key
     * @return the value's {@code toString()}
     * @throws IllegalStateException when the value is missing
     */
    default String getString(String key) {
        return String.valueOf(get(key, Object.class));
    }

    /**
     * Sets a value; {@code null} removes it.
     *
     * @param key the value's key
     * @param value the value
     * @return this session
     */
    Session set(String key, Object value);

    /**
     * Takes the next row of a feeder and sets each of its columns as a value.
     *
     * @param feeder the feeder
     * @return this session
     * @throws FeederExhaustedException when a queue feeder has no rows left, which stops this virtual user
     */
    Session feed(Feeder feeder);

    /**
     * Records a check: a named condition that counts as passed or failed in the {@code checks} metric,
     * without stopping the virtual user.
     *
     * @param name the check's name, such as {@code status is 200}
     * @param passed whether it passed
     * @return {@code passed}
     */
    boolean check(String name, boolean passed);

    /**
     * Runs a body inside a named group: requests inside carry the group's path as their {@code group} tag,
     * and the group's time is recorded as {@code group_duration}. Groups nest in time: the path belongs to
     * the virtual user, so two groups running at once in one iteration (inside a {@code Mono.zip}) would
     * tag each other's requests; run groups one after the other.
     *
     * @param name the group's name
     * @param body what the group does
     * @param <T> the body's value
     * @return the body, wrapped
     */
    <T> Mono<T> group(String name, Supplier<? extends Mono<T>> body);

    /**
     * The path of the group the virtual user is in, such as {@code ::checkout::payment}.
     *
     * @return the path, empty outside any group
     */
    String groupPath();

    /**
     * A driver's own state for this virtual user, such as its connections or its cookies: created on first
     * use, kept apart from the user's values, and never shared with other virtual users.
     *
     * @param type the state's class, which is also its key
     * @param create creates the state on first use
     * @param <T> the state's type
     * @return the state
     */
    <T> T attachment(Class<T> type, Supplier<? extends T> create);

    /**
     * Registers an action to run when this virtual user stops, after its {@code onStop} hook, such as
     * closing the connections a driver opened for it.
     *
     * @param action the action; it must not block
     */
    void onStop(Runnable action);

    /**
     * Registers an action to run when the current iteration ends, however it ends (completed, failed,
     * or cut by the end of the run), such as closing a connection the iteration opened and did not
     * close. Outside an iteration (in {@code onStart} or {@code onStop}) the action runs when the
     * virtual user stops, as with {@link #onStop}.
     *
     * @param action the action; it must not block
     */
    void onIterationEnd(Runnable action);

    /**
     * The run's metrics, for drivers and custom metrics.
     *
     * @return the metrics
     */
    Metrics metrics();

    /**
     * The run's clock in nanoseconds.
     *
     * @return the current time
     */
    long nanoTime();

    /**
     * When a request sent now should have been sent: earlier than {@code actualStart} by as much as this
     * iteration started late against its schedule. Drivers pass it to
     * {@link dev.loadkit.core.metrics.RequestSeries#record} so that waiting counts as latency.
     *
     * @param actualStart when the request is sent, from {@link #nanoTime()}
     * @return the intended start
     */
    long intendedStart(long actualStart);

    /**
     * The run's timer scheduler, for drivers that need timeouts or delays.
     *
     * @return the scheduler
     */
    Scheduler scheduler();

    /**
     * This virtual user's random numbers: reproducible for a given run seed.
     *
     * @return the generator; use it from this virtual user's tasks only
     */
    RandomGenerator random();
}
