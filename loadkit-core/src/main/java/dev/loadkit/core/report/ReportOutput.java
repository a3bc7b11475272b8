package dev.loadkit.core.report;

import java.util.Objects;

/**
 * One option a {@link ReporterProvider} reads from the command line: an output it writes ({@code --NAME LABEL}),
 * a server it starts ({@code --web[=PORT]}) or a switch ({@code --autostart}), with the help text that says what
 * it does. The value lands in {@link ReportOptions#outputs()} under the name.
 *
 * @param name the option's name without dashes, such as {@code junit}
 * @param paramLabel what the option takes, such as {@code FILE} or {@code DIR}; empty for a switch
 * @param description what it writes or does, one sentence for {@code --help}
 * @param valueWhenBare the value when the option is given without one ({@code --web} alone means port 8089),
 *                      {@code "true"} for a switch, or {@code null} when a value is required
 * @param writesFile whether the value names a file (or folder, or prefix) that the run writes, which the console
 *                   then lists with the run's reports
 */
public record ReportOutput(String name, String paramLabel, String description, String valueWhenBare,
                           boolean writesFile) {

    /**
     * Checks the parts.
     *
     * @param name the option's name without dashes
     * @param paramLabel what the option takes
     * @param description what it writes or does
     * @param valueWhenBare the value of the bare option, or {@code null}
     * @param writesFile whether the value names what the run writes
     */
    public ReportOutput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramLabel, "paramLabel");
        Objects.requireNonNull(description, "description");
        if (paramLabel.isEmpty() && !"true".equals(valueWhenBare)) {
            throw new IllegalArgumentException("a switch (no paramLabel) has the value \"true\" when given");
        }
    }

    /**
     * A report the run writes, named by the option's required value, such as {@code --json FILE}.
     *
     * @param name the option's name without dashes
     * @param paramLabel what the option takes
     * @param description what it writes
     */
    public ReportOutput(String name, String paramLabel, String description) {
        this(name, paramLabel, description, null, true);
    }

    /**
     * A setting of a live output, such as {@code --web[=PORT]} or {@code --influxdb URL}: not a file.
     *
     * @param name the option's name without dashes
     * @param paramLabel what the option takes
     * @param description what it does
     * @param valueWhenBare the value when the option is given alone, or {@code null} when a value is required
     * @return the option
     */
    public static ReportOutput setting(String name, String paramLabel, String description, String valueWhenBare) {
        return new ReportOutput(name, paramLabel, description, valueWhenBare, false);
    }

    /**
     * A switch, such as {@code --autostart}: its value is {@code "true"} when given.
     *
     * @param name the option's name without dashes
     * @param description what it does
     * @return the option
     */
    public static ReportOutput flag(String name, String description) {
        return new ReportOutput(name, "", description, "true", false);
    }

    /**
     * Whether the option is a switch, which takes no value.
     *
     * @return true for a switch
     */
    public boolean isFlag() {
        return paramLabel.isEmpty();
    }
}
