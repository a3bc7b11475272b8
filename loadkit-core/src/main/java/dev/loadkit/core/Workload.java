package dev.loadkit.core;

import dev.loadkit.core.internal.parse.DurationSyntax;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How many virtual users run, and when: the closed models, where a fixed or ramping number of users each
 * loop over their tasks, and the open models, where iterations arrive at a rate whatever the target's
 * speed. Each model is a record; the static methods build them. Immutable.
 *
 * <p>In the open models an iteration starts at its <em>intended</em> time; when all {@code maxUsers}
 * are busy it is counted in {@code dropped_iterations}, never started late.
 */
public sealed interface Workload {

    /** The most virtual users one workload may ask for; beyond it, split the load over several processes. */
    int MAX_USERS = 1_000_000;

    /** The highest arrival rate per second one workload may ask for; beyond it, split the load over several processes. */
    double MAX_ARRIVAL_RATE = 10_000_000;

    /**
     * How long the workload schedules work, before the graceful stop.
     *
     * @return the duration; for iteration-based models, the longest they may run
     */
    Duration duration();

    /**
     * The most virtual users the workload runs at once, which profiles scale from.
     *
     * @return the peak user count
     */
    int peakUsers();

    /**
     * This workload over another duration, as {@code --run-time} asks: a ramp is cut or its last target held.
     *
     * @param newDuration the duration
     * @return a new workload
     */
    Workload withDuration(Duration newDuration);

    /**
     * A fixed number of users, each looping over its tasks, for a duration (k6 {@code constant-vus}).
     *
     * @param users the number of users
     * @param duration how long
     * @return the workload
     */
    static ConstantUsers constantUsers(int users, Duration duration) {
        return new ConstantUsers(users, duration);
    }

    /**
     * Users ramping through stages from zero (k6 {@code ramping-vus}, {@code --stage 30s:20,1m:200}).
     *
     * @param stages the stages
     * @return the workload
     */
    static RampingUsers rampingUsers(Stage... stages) {
        return new RampingUsers(0, List.of(stages));
    }

    /**
     * Locust's users and spawn rate: start {@code users} at {@code spawnRate} per second, then hold them
     * until {@code runTime} has passed since the start.
     *
     * @param users the number of users
     * @param spawnRate users started per second
     * @param runTime the whole run's duration
     * @return the workload, as ramping users
     */
    static RampingUsers users(int users, double spawnRate, Duration runTime) {
        if (spawnRate <= 0) {
            throw new IllegalArgumentException("spawn rate must be positive, got " + spawnRate);
        }
        Duration ramp = Duration.ofNanos((long) (users / spawnRate * 1e9));
        return new RampingUsers(0, List.of(Stage.of(ramp, users))).withDuration(runTime);
    }

    /**
     * Each of {@code users} users runs exactly {@code iterations} tasks (k6 {@code per-vu-iterations}).
     *
     * @param users the number of users
     * @param iterations tasks per user
     * @param maxDuration the time after which unfinished work stops
     * @return the workload
     */
    static PerUserIterations perUserIterations(int users, long iterations, Duration maxDuration) {
        return new PerUserIterations(users, iterations, maxDuration);
    }

    /**
     * {@code users} users share {@code iterations} tasks, each taking the next as soon as it is free
     * (k6 {@code shared-iterations}).
     *
     * @param users the number of users
     * @param iterations tasks in all
     * @param maxDuration the time after which unfinished work stops
     * @return the workload
     */
    static SharedIterations sharedIterations(int users, long iterations, Duration maxDuration) {
        return new SharedIterations(users, iterations, maxDuration);
    }

    /**
     * Iterations arrive at a constant rate, whatever the target's speed (k6 {@code constant-arrival-rate}).
     *
     * @param perSecond iterations started per second
     * @param duration how long
     * @param maxUsers the most iterations in flight; beyond it, iterations are dropped and counted
     * @return the workload
     */
    static ConstantArrivalRate constantArrivalRate(double perSecond, Duration duration, int maxUsers) {
        return new ConstantArrivalRate(perSecond, duration, maxUsers);
    }

    /**
     * The arrival rate ramps through stages whose targets are iterations per second (k6
     * {@code ramping-arrival-rate}).
     *
     * @param startRate the rate at the start, per second
     * @param maxUsers the most iterations in flight
     * @param stages the stages
     * @return the workload
     */
    static RampingArrivalRate rampingArrivalRate(double startRate, int maxUsers, Stage... stages) {
        return new RampingArrivalRate(startRate, List.of(stages), maxUsers);
    }

    /**
     * Phases one after the other, each a workload of some of the test's user classes, as a suite run in
     * sequence into one report: {@code Workload.sequence(Phase.of("api", apiLoad, "operator"), ...)}.
     *
     * @param phases the phases, in order
     * @return the workload
     */
    static Sequence sequence(Phase... phases) {
        return new Sequence(List.of(phases));
    }

    /**
     * One phase of a {@link Sequence}.
     *
     * @param name the phase's name, for reports
     * @param workload its workload
     * @param userClasses the names of the user classes that run in it
     */
    record Phase(String name, Workload workload, List<String> userClasses) {
        /**
         * Checks the values.
         *
         * @param name the phase's name
         * @param workload its workload
         * @param userClasses the classes that run in it
         */
        public Phase {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(workload, "workload");
            userClasses = List.copyOf(userClasses);
            if (userClasses.isEmpty()) {
                throw new IllegalArgumentException("phase " + name + " names no user class");
            }
            if (workload instanceof Sequence) {
                throw new IllegalArgumentException("phase " + name + " cannot be a sequence itself");
            }
        }

        /**
         * A phase.
         *
         * @param name the phase's name
         * @param workload its workload
         * @param userClasses the names of the classes that run in it
         * @return the phase
         */
        public static Phase of(String name, Workload workload, String... userClasses) {
            return new Phase(name, workload, List.of(userClasses));
        }
    }

    /**
     * Phases run one after the other.
     *
     * @param phases the phases
     */
    record Sequence(List<Phase> phases) implements Workload {
        /**
         * Checks the values.
         *
         * @param phases the phases
         */
        public Sequence {
            phases = List.copyOf(phases);
            if (phases.isEmpty()) {
                throw new IllegalArgumentException("a sequence needs at least one phase");
            }
        }

        @Override
        public Duration duration() {
            return phases.stream().map(phase -> phase.workload().duration()).reduce(Duration.ZERO, Duration::plus);
        }

        @Override
        public int peakUsers() {
            return phases.stream().mapToInt(phase -> phase.workload().peakUsers()).max().orElse(1);
        }

        /** Scales every phase, so that their shares of the whole stay as they were. */
        @Override
        public Sequence withDuration(Duration newDuration) {
            positive(newDuration, "duration");
            double scale = (double) newDuration.toNanos() / duration().toNanos();
            return new Sequence(phases.stream().map(phase -> new Phase(phase.name(),
                    phase.workload().withDuration(Duration.ofNanos(Math.max(1_000_000, (long) (phase.workload().duration().toNanos() * scale)))),
                    phase.userClasses())).toList());
        }
    }

    /**
     * A fixed number of users for a duration.
     *
     * @param users the number of users
     * @param duration how long
     */
    record ConstantUsers(int users, Duration duration) implements Workload {
        /**
         * Checks the values.
         *
         * @param users the number of users
         * @param duration how long
         */
        public ConstantUsers {
            checkUsers(users, "users");
            positive(duration, "duration");
        }

        @Override
        public int peakUsers() {
            return users;
        }

        @Override
        public ConstantUsers withDuration(Duration newDuration) {
            return new ConstantUsers(users, newDuration);
        }
    }

    /**
     * Users ramping linearly through stages.
     *
     * @param startUsers the users at the start
     * @param stages the stages, whose targets are user counts
     */
    record RampingUsers(int startUsers, List<Stage> stages) implements Workload {
        /**
         * Checks the values.
         *
         * @param startUsers the users at the start
         * @param stages the stages
         */
        public RampingUsers {
            if (startUsers < 0) {
                throw new IllegalArgumentException("start users must not be negative");
            }
            stages = List.copyOf(stages);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("a ramping workload needs at least one stage");
            }
            positive(totalDuration(stages), "the stages' total duration");
        }

        @Override
        public Duration duration() {
            return totalDuration(stages);
        }

        @Override
        public int peakUsers() {
            return (int) Math.max(startUsers, stages.stream().mapToLong(Stage::target).max().orElse(0));
        }

        @Override
        public RampingUsers withDuration(Duration newDuration) {
            return new RampingUsers(startUsers, fitStages(startUsers, stages, newDuration));
        }
    }

    /**
     * Every user runs a fixed number of iterations.
     *
     * @param users the number of users
     * @param iterations iterations per user
     * @param maxDuration the longest the workload may run
     */
    record PerUserIterations(int users, long iterations, Duration maxDuration) implements Workload {
        /**
         * Checks the values.
         *
         * @param users the number of users
         * @param iterations iterations per user
         * @param maxDuration the longest it may run
         */
        public PerUserIterations {
            checkUsers(users, "users");
            positive(iterations, "iterations");
            positive(maxDuration, "max duration");
        }

        @Override
        public Duration duration() {
            return maxDuration;
        }

        @Override
        public int peakUsers() {
            return users;
        }

        @Override
        public PerUserIterations withDuration(Duration newDuration) {
            return new PerUserIterations(users, iterations, newDuration);
        }
    }

    /**
     * Users share a fixed number of iterations.
     *
     * @param users the number of users
     * @param iterations iterations in all
     * @param maxDuration the longest the workload may run
     */
    record SharedIterations(int users, long iterations, Duration maxDuration) implements Workload {
        /**
         * Checks the values.
         *
         * @param users the number of users
         * @param iterations iterations in all
         * @param maxDuration the longest it may run
         */
        public SharedIterations {
            checkUsers(users, "users");
            positive(iterations, "iterations");
            positive(maxDuration, "max duration");
        }

        @Override
        public Duration duration() {
            return maxDuration;
        }

        @Override
        public int peakUsers() {
            return users;
        }

        @Override
        public SharedIterations withDuration(Duration newDuration) {
            return new SharedIterations(users, iterations, newDuration);
        }
    }

    /**
     * Iterations arriving at a constant rate.
     *
     * @param rate iterations started per second
     * @param duration how long
     * @param maxUsers the most virtual users (iterations in flight)
     */
    record ConstantArrivalRate(double rate, Duration duration, int maxUsers) implements Workload {
        /**
         * Checks the values.
         *
         * @param rate iterations per second
         * @param duration how long
         * @param maxUsers the most virtual users
         */
        public ConstantArrivalRate {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("arrival rate must be positive, got " + rate);
            }
            checkRate(rate);
            positive(duration, "duration");
            checkUsers(maxUsers, "max users");
        }

        @Override
        public int peakUsers() {
            return maxUsers;
        }

        @Override
        public ConstantArrivalRate withDuration(Duration newDuration) {
            return new ConstantArrivalRate(rate, newDuration, maxUsers);
        }
    }

    /**
     * An arrival rate ramping linearly through stages.
     *
     * @param startRate the rate at the start, per second
     * @param stages the stages, whose targets are iterations per second
     * @param maxUsers the most virtual users (iterations in flight)
     */
    record RampingArrivalRate(double startRate, List<Stage> stages, int maxUsers) implements Workload {
        /**
         * Checks the values.
         *
         * @param startRate the rate at the start
         * @param stages the stages
         * @param maxUsers the most virtual users
         */
        public RampingArrivalRate {
            if (startRate < 0 || Double.isNaN(startRate) || Double.isInfinite(startRate)) {
                throw new IllegalArgumentException("start rate must not be negative, got " + startRate);
            }
            stages = List.copyOf(stages);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("a ramping workload needs at least one stage");
            }
            checkRate(startRate);
            stages.forEach(stage -> checkRate(stage.target()));
            positive(totalDuration(stages), "the stages' total duration");
            checkUsers(maxUsers, "max users");
        }

        @Override
        public Duration duration() {
            return totalDuration(stages);
        }

        @Override
        public int peakUsers() {
            return maxUsers;
        }

        @Override
        public RampingArrivalRate withDuration(Duration newDuration) {
            return new RampingArrivalRate(startRate, fitStages((long) startRate, stages, newDuration), maxUsers);
        }
    }

    private static Duration totalDuration(List<Stage> stages) {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Cuts the stages at {@code duration}, or holds the last target until it. */
    private static List<Stage> fitStages(long start, List<Stage> stages, Duration duration) {
        positive(duration, "duration");
        List<Stage> fitted = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        long from = start;
        for (Stage stage : stages) {
            Duration left = duration.minus(elapsed);
            if (left.isZero() || left.isNegative()) {
                return fitted;
            }
            if (stage.duration().compareTo(left) > 0) {
                double share = (double) left.toNanos() / stage.duration().toNanos();
                fitted.add(Stage.of(left, Math.round(from + (stage.target() - from) * share)));
                return fitted;
            }
            fitted.add(stage);
            elapsed = elapsed.plus(stage.duration());
            from = stage.target();
        }
        if (elapsed.compareTo(duration) < 0) {
            fitted.add(Stage.of(duration.minus(elapsed), from));
        }
        return fitted;
    }

    private static void positive(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /**
     * A rate past what one generator process can schedule is a mistake, not a load: split it over several
     * processes (execution segments) instead.
     */
    private static void checkRate(double perSecond) {
        if (perSecond > MAX_ARRIVAL_RATE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "arrival rate %.0f/s is above %.0f/s,"
                    + " more than one generator process can start; split the load over several processes", perSecond,
                    MAX_ARRIVAL_RATE));
        }
    }

    private static void checkUsers(int value, String what) {
        if (value < 1 || value > MAX_USERS) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_USERS + ", got " + value);
        }
    }

    private static void positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + DurationSyntax.format(value));
        }
    }
}
