package dev.loadkit.core.metrics;

/**
 * Marks an exception whose failure a driver has already counted in the errors (such as a WebSocket await
 * that timed out). When it fails a task, the iteration counts as failed, but no second row of kind
 * {@code task} is added: a failure counts once.
 */
public interface CountedFailure {
}
