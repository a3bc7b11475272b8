package dev.loadkit.novacron;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.Subcommand;
import dev.loadkit.novacron.simulator.NovaCronTarget;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code target [--port P] [--capacity N] [--error-rate R] [--slowdown F]}: the embedded NovaCron simulator
 * alone, for pointing any tool at it. It runs until the process is stopped.
 */
public final class TargetCommand implements Subcommand {

    /** Creates the command; {@link java.util.ServiceLoader} calls it. */
    public TargetCommand() {
    }

    @Override
    public String name() {
        return "target";
    }

    @Override
    public String description() {
        return "Runs only the embedded NovaCron simulator: target [--port P] [--capacity N] [--error-rate R] [--slowdown F]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println("Usage: " + description().substring(description().indexOf(':') + 2));
            out.println(description().substring(0, description().indexOf(':')) + ".");
            return ExitCode.PASSED;
        }
        NovaCronTarget.Settings defaults = NovaCronTarget.Settings.defaults();
        int port = 8090;
        int capacity = defaults.capacity();
        double errorRate = defaults.errorRate();
        double slowdown = defaults.slowdown();
        NovaCronTarget.Settings settings;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(required(value, "--port"));
                    case "--capacity" -> capacity = Integer.parseInt(required(value, "--capacity"));
                    case "--error-rate" -> errorRate = Double.parseDouble(required(value, "--error-rate"));
                    case "--slowdown" -> slowdown = Double.parseDouble(required(value, "--slowdown"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --port, --capacity, --error-rate or --slowdown");
                }
                i++;
            }
            settings = new NovaCronTarget.Settings(port, capacity, errorRate, slowdown);
        } catch (NumberFormatException e) {
            err.println("error: target: not a number: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        } catch (IllegalArgumentException e) {
            err.println("error: target: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
        try (NovaCronTarget target = NovaCronTarget.start(settings)) {
            out.println("NovaCron simulator on " + target.url() + " (capacity " + capacity + " requests in flight); Ctrl-C stops it");
            target.awaitStop();
        } catch (RuntimeException e) {
            err.println("error: target: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
        return ExitCode.PASSED;
    }

    private static String required(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
