package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A user class as one run executes it: the tasks left after {@code --tags} and {@code --exclude-tags},
 * their cumulative weights for a weighted pick, and the iteration series of each task, looked up once.
 */
final class ClassPlan {

    private final UserClass userClass;
    private final List<Task> tasks;
    private final int[] cumulativeWeights;
    private final TrendSeries[] iterationDurations;
    private final CounterSeries[] iterations;
    private final CounterSeries[] interruptedIterations;
    private final AtomicLong started = new AtomicLong();

    ClassPlan(UserClass userClass, List<Task> tasks, Metrics metrics) {
        this.userClass = userClass;
        this.tasks = List.copyOf(tasks);
        this.cumulativeWeights = new int[tasks.size()];
        this.iterationDurations = new TrendSeries[tasks.size()];
        this.iterations = new CounterSeries[tasks.size()];
        this.interruptedIterations = new CounterSeries[tasks.size()];
        int sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).weight();
            cumulativeWeights[i] = sum;
            Tags tags = Tags.of(BuiltInMetrics.USER_CLASS_TAG, userClass.name(), BuiltInMetrics.TASK_TAG, tasks.get(i).name());
            iterationDurations[i] = metrics.trend(BuiltInMetrics.ITERATION_DURATION, tags);
            iterations[i] = metrics.counter(BuiltInMetrics.ITERATIONS, tags);
            interruptedIterations[i] = metrics.counter(BuiltInMetrics.INTERRUPTED_ITERATIONS, tags);
        }
    }

    UserClass userClass() {
        return userClass;
    }

    /** Picks a task at random by weight, as Locust does. */
    int pickTask(RandomGenerator random) {
        if (tasks.size() == 1) {
            return 0;
        }
        int ticket = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (ticket < cumulativeWeights[i]) {
                return i;
            }
        }
        throw new IllegalStateException("weights out of range");
    }

    Task task(int taskIndex) {
        return tasks.get(taskIndex);
    }

    void recordIteration(int taskIndex, long intendedStart, long start, long end) {
        iterationDurations[taskIndex].record(intendedStart, start, end);
        iterations[taskIndex].increment();
    }

    /** An iteration cut by the end of the run: counted apart, as k6 does, never as a completed one. */
    void recordInterruptedIteration(int taskIndex) {
        interruptedIterations[taskIndex].increment();
    }

    long countStarted() {
        return started.incrementAndGet();
    }

    long started() {
        return started.get();
    }
}
