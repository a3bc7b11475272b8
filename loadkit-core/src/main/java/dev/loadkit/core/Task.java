package dev.loadkit.core;

import org.reactivestreams.Publisher;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One thing a virtual user does, such as "list VMs" or "create a VM": a name, a weight among its user
 * class's tasks (as in Locust), tags for {@code --tags}, and a reactive action. Immutable: the
 * {@code weight} and {@code tags} methods return new tasks.
 *
 * <pre>{@code
 * Task.of("list vms", session -> http.get("/api/vms").name("list vms").run(session)).weight(5).tags("read")
 * }</pre>
 */
public final class Task {

    private final String name;
    private final int weight;
    private final Set<String> tags;
    private final Function<Session, ? extends Publisher<?>> action;

    private Task(String name, int weight, Set<String> tags, Function<Session, ? extends Publisher<?>> action) {
        this.name = name;
        this.weight = weight;
        this.tags = tags;
        this.action = action;
    }

    /**
     * A task of weight 1 and no tags.
     *
     * @param name the task's name, used in reports and errors
     * @param action what the task does: a publisher that completes when the task is done, such as a
     *               {@code Mono}; it runs once per iteration, and an error fails only this iteration
     * @return the task
     */
    public static Task of(String name, Function<Session, ? extends Publisher<?>> action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        return new Task(name, 1, Set.of(), action);
    }

    /**
     * This task with a weight: a task of weight 3 runs three times as often as one of weight 1.
     *
     * @param newWeight a positive weight
     * @return a new task
     */
    public Task weight(int newWeight) {
        if (newWeight < 1) {
            throw new IllegalArgumentException("task " + name + ": weight must be at least 1, got " + newWeight);
        }
        return new Task(name, newWeight, tags, action);
    }

    /**
     * This task with tags, which {@code --tags} and {@code --exclude-tags} select by.
     *
     * @param newTags the tags
     * @return a new task
     */
    public Task tags(String... newTags) {
        return new Task(name, weight, Set.copyOf(Arrays.asList(newTags)), action);
    }

    /**
     * The task's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The task's weight among its user class's tasks.
     *
     * @return the weight
     */
    public int weight() {
        return weight;
    }

    /**
     * The task's tags.
     *
     * @return an unmodifiable set
     */
    public Set<String> tags() {
        return tags;
    }

    /**
     * The task's action.
     *
     * @return the function from a session to the work
     */
    public Function<Session, ? extends Publisher<?>> action() {
        return action;
    }
}
