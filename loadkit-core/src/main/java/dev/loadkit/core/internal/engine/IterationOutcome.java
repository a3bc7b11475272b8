package dev.loadkit.core.internal.engine;

/** How one iteration of a virtual user ended. */
enum IterationOutcome {
    /** The task completed. */
    COMPLETED,
    /** The task failed; the error was counted and the virtual user goes on. */
    FAILED,
    /** The virtual user cannot go on (a queue feeder ran out); the error was counted. */
    USER_FINISHED,
    /** The run cut the iteration short at the end of its graceful stop. */
    INTERRUPTED
}
