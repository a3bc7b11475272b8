package dev.loadkit.core.internal.cli;

import dev.loadkit.core.internal.engine.RunControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM during a run: the first stops gracefully (running iterations get the graceful stop
 * period, then every report is written), the second stops at once (reports are still written, with the
 * data so far), a third ends the process. A shutdown hook would be too late for this: by then the JVM
 * is already exiting and reports could be cut short.
 */
public final class SignalHandling implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalHandling() {
    }

    /**
     * Handles the signals for a run until {@link #close()}.
     *
     * @param control the run's stop requests
     * @param err where to tell the user what happens
     * @return the handling, to close when the run ends
     */
    public static SignalHandling install(RunControl control, PrintStream err) {
        SignalHandling handling = new SignalHandling();
        AtomicInteger received = new AtomicInteger();
        SignalHandler handler = signal -> {
            switch (received.incrementAndGet()) {
                case 1 -> {
                    err.println();
                    err.println("Stopping: running iterations get their graceful stop period, then reports are "
                            + "written. Press Ctrl-C again to stop now.");
                    control.stop("interrupted by SIG" + signal.getName());
                }
                case 2 -> {
                    err.println("Stopping now; writing reports.");
                    control.interrupt("interrupted by SIG" + signal.getName());
                }
                default -> Runtime.getRuntime().halt(3);
            }
        };
        handling.handle(handler);
        return handling;
    }

    /**
     * Runs an action on Ctrl-C or SIGTERM until {@link #close()}, outside a run: before a person starts it from
     * the web dashboard, or while the dashboard stays up after it.
     *
     * @param action what a signal does
     * @return the handling, to close
     */
    public static SignalHandling onSignal(Runnable action) {
        SignalHandling handling = new SignalHandling();
        handling.handle(signal -> action.run());
        return handling;
    }

    private void handle(SignalHandler handler) {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                previous.add(Signal.handle(signal, handler));
                signals.add(signal);
            } catch (IllegalArgumentException unsupported) {
                // Not every platform lets a program handle every signal; the others still work.
            }
        }
    }

    /** Gives the signals back to their previous handlers. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
