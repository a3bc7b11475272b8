package dev.loadkit.core;

import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A kind of virtual user, as a Locust {@code User} class: a name, a weight that decides its share of the
 * users, weighted tasks, a think time between tasks, and hooks that run once per virtual user when it
 * starts ({@code onStart}: log in, register) and when it stops ({@code onStop}).
 *
 * <pre>{@code
 * UserClass operator = UserClass.named("operator")
 *         .weight(3)
 *         .onStart(session -> login(session))
 *         .task(Task.of("list vms", session -> listVms(session)).weight(5).tags("read"))
 *         .task(Task.of("get vm", session -> getVm(session)).tags("read"))
 *         .thinkTime(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(3)))
 *         .build();
 * }</pre>
 */
public final class UserClass {

    private final String name;
    private final int weight;
    private final Integer fixedCount;
    private final List<Task> tasks;
    private final ThinkTime thinkTime;
    private final Function<Session, ? extends Publisher<?>> onStart;
    private final Function<Session, ? extends Publisher<?>> onStop;

    private UserClass(Builder builder) {
        this.name = builder.name;
        this.weight = builder.weight;
        this.fixedCount = builder.fixedCount;
        this.tasks = List.copyOf(builder.tasks);
        this.thinkTime = builder.thinkTime;
        this.onStart = builder.onStart;
        this.onStop = builder.onStop;
    }

    /**
     * Starts describing a user class.
     *
     * @param name the class's name, used in reports
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * The class's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The class's weight: with weights 3 and 1, three quarters of the users are of the first class.
     *
     * @return the weight, 1 unless set; a class with a fixed count ignores it
     */
    public int weight() {
        return weight;
    }

    /**
     * A fixed number of users of this class, started before the weighted classes share the rest, as
     * Locust's {@code fixed_count}.
     *
     * @return the count, if fixed
     */
    public OptionalInt fixedCount() {
        return fixedCount == null ? OptionalInt.empty() : OptionalInt.of(fixedCount);
    }

    /**
     * The class's tasks.
     *
     * @return an unmodifiable list
     */
    public List<Task> tasks() {
        return tasks;
    }

    /**
     * The wait between two tasks.
     *
     * @return the think time
     */
    public ThinkTime thinkTime() {
        return thinkTime;
    }

    /**
     * What each virtual user of this class does once when it starts.
     *
     * @return the hook, or {@code null}
     */
    public Function<Session, ? extends Publisher<?>> onStart() {
        return onStart;
    }

    /**
     * What each virtual user of this class does once when it stops.
     *
     * @return the hook, or {@code null}
     */
    public Function<Session, ? extends Publisher<?>> onStop() {
        return onStop;
    }

    /** Builds a {@link UserClass}. */
    public static final class Builder {

        private final String name;
        private int weight = 1;
        private Integer fixedCount;
        private final List<Task> tasks = new ArrayList<>();
        private ThinkTime thinkTime = ThinkTime.none();
        private Function<Session, ? extends Publisher<?>> onStart;
        private Function<Session, ? extends Publisher<?>> onStop;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The class's weight among the weighted classes; 1 by default.
         *
         * @param newWeight a weight of at least 1
         * @return this builder
         */
        public Builder weight(int newWeight) {
            if (newWeight < 1) {
                throw new IllegalArgumentException("user class " + name + ": weight must be at least 1, got " + newWeight);
            }
            this.weight = newWeight;
            return this;
        }

        /**
         * A fixed number of users instead of a weight.
         *
         * @param count the number of users of this class
         * @return this builder
         */
        public Builder fixedCount(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("user class " + name + ": fixed count must not be negative");
            }
            this.fixedCount = count;
            return this;
        }

        /**
         * Adds a task.
         *
         * @param task the task
         * @return this builder
         */
        public Builder task(Task task) {
            tasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        /**
         * Adds a task of weight 1.
         *
         * @param taskName the task's name
         * @param action what it does
         * @return this builder
         */
        public Builder task(String taskName, Function<Session, ? extends Publisher<?>> action) {
            return task(Task.of(taskName, action));
        }

        /**
         * The wait between two tasks; none by default.
         *
         * @param newThinkTime the think time
         * @return this builder
         */
        public Builder thinkTime(ThinkTime newThinkTime) {
            this.thinkTime = Objects.requireNonNull(newThinkTime, "thinkTime");
            return this;
        }

        /**
         * What each virtual user does once when it starts, before its first task. When it fails, the
         * virtual user stops and the error is counted.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder onStart(Function<Session, ? extends Publisher<?>> hook) {
            this.onStart = hook;
            return this;
        }

        /**
         * What each virtual user does once when it stops, also when the run is interrupted.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder onStop(Function<Session, ? extends Publisher<?>> hook) {
            this.onStop = hook;
            return this;
        }

        /**
         * Builds the user class.
         *
         * @return the user class
         */
        public UserClass build() {
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("user class " + name + " has no task");
            }
            long distinct = tasks.stream().map(Task::name).distinct().count();
            if (distinct != tasks.size()) {
                throw new IllegalArgumentException("user class " + name + " has two tasks of the same name");
            }
            return new UserClass(this);
        }
    }
}
