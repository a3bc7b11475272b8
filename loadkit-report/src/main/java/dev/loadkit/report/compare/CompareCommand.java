package dev.loadkit.report.compare;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.Subcommand;
import dev.loadkit.report.internal.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compare BASELINE.json CURRENT.json [--max-regression p95=10%,error_rate=0.5pp,rps=-5%]
 * [--html FILE] [--md FILE]}: two JSON summaries side by side, per request name and per measure. Exits 1
 * when a measure regressed beyond its limit, 0 otherwise, 2 when an input cannot be read.
 */
public final class CompareCommand implements Subcommand {

    /** Creates the command; {@link java.util.ServiceLoader} calls it. */
    public CompareCommand() {
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String description() {
        return "Compares two JSON summaries: compare BASELINE.json CURRENT.json [--max-regression p95=10%,...]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> files = new ArrayList<>();
            Limits limits = Limits.none();
            String html = null;
            String markdown = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--max-regression" -> limits = Limits.parse(value(args, ++i, "--max-regression"));
                    case "--html" -> html = value(args, ++i, "--html");
                    case "--md" -> markdown = value(args, ++i, "--md");
                    case "-h", "--help" -> {
                        out.println("Usage: compare BASELINE.json CURRENT.json [--max-regression LIMITS] [--html FILE] [--md FILE]");
                        out.println("  LIMITS like p95=10%,p99=50ms,error_rate=0.5pp,rps=-5%; exit 1 when one is exceeded.");
                        return ExitCode.PASSED;
                    }
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new ConfigurationException("compare: unknown option " + args[i]);
                        }
                        files.add(args[i]);
                    }
                }
            }
            if (files.size() != 2) {
                throw new ConfigurationException("compare needs two JSON summaries: compare BASELINE.json CURRENT.json");
            }
            Comparison comparison = new Comparison(SummaryFile.read(Path.of(files.get(0))), SummaryFile.read(Path.of(files.get(1))), limits);
            out.print(ComparisonText.plain(comparison));
            if (markdown != null) {
                AtomicFiles.write(Path.of(markdown), ComparisonText.markdown(comparison).getBytes(StandardCharsets.UTF_8));
            }
            if (html != null) {
                AtomicFiles.write(Path.of(html), ComparisonText.html(comparison).getBytes(StandardCharsets.UTF_8));
            }
            return comparison.regressed() ? ExitCode.THRESHOLD_FAILED : ExitCode.PASSED;
        } catch (ConfigurationException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        } catch (IOException e) {
            err.println("error: cannot write the comparison: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new ConfigurationException("compare: " + option + " needs a value");
        }
        return args[index];
    }
}
