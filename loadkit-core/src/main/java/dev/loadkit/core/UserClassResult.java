package dev.loadkit.core;

/**
 * How many virtual users of a class a run started.
 *
 * @param name the user class's name
 * @param weight its weight (0 when it had a fixed count)
 * @param started the virtual users started
 */
public record UserClassResult(String name, int weight, long started) {
}
