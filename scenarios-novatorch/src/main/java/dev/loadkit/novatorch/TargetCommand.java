package dev.loadkit.novatorch;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.Subcommand;
import dev.loadkit.novatorch.target.NovaTorchTarget;
import dev.loadkit.novatorch.target.TargetSettings;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target [--port P] [--redis URI] [-e target.delay=20ms] [-e target.errorRate=0.01]}: the embedded
 * Nova-Torch orchestrator (and its bus) alone, for pointing any tool at it. It runs until the process is stopped.
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
        return "Runs only the embedded orchestrator and its bus: target [--port 50051] [--redis URI] [-e target.delay=20ms] "
                + "[-e target.errorRate=0.01]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println("Usage: " + description().substring(description().indexOf(':') + 2));
            out.println(description().substring(0, description().indexOf(':')) + ".");
            return ExitCode.PASSED;
        }
        int port = 50051;
        String bus = null;
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new ConfigurationException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--port" -> port = port(value);
                    case "--redis" -> bus = value;
                    case "-e" -> {
                        int equals = value.indexOf('=');
                        if (equals < 1) {
                            throw new ConfigurationException("-e " + value + ": use KEY=VALUE, like target.delay=20ms");
                        }
                        variables.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    default -> throw new ConfigurationException("unknown option " + args[i] + "; use --port, --redis or -e");
                }
            }
            TargetSettings settings = TargetSettings.of(variables);
            try (NovaTorchTarget target = NovaTorchTarget.start(port, bus, settings)) {
                out.println("Nova-Torch orchestrator on " + target.grpcTarget() + ", message bus " + target.busUri()
                        + "; Ctrl-C stops both");
                target.awaitStop();
            }
            return ExitCode.PASSED;
        } catch (ConfigurationException e) {
            err.println("error: target: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.ABORTED;
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("--port " + value + ": use 0 to 65535");
        }
    }
}
