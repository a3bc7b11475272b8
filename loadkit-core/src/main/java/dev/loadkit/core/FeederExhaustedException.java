package dev.loadkit.core;

/**
 * Thrown by {@link Feeder#next()} when a {@code queue()} or {@code shuffle()} feeder has handed out every row.
 * Such feeders promise each row at most once (for example unique accounts), so running dry is an error
 * rather than a silent wrap-around.
 */
public final class FeederExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FeederExhaustedException(String feederName, int rows) {
        super("feeder " + feederName + " is exhausted after " + rows + (rows == 1 ? " row" : " rows")
                + "; use circular() or random(), or provide more rows");
    }
}
