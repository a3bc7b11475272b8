package dev.loadkit.core.report;

import java.util.Objects;

/**
 * One output a {@link ReporterProvider} writes, as the command line offers it: {@code --NAME LABEL}, with the
 * help text that says what it writes.
 *
 * @param name the option's name without dashes, such as {@code junit}
 * @param paramLabel what the option takes, such as {@code FILE} or {@code DIR}
 * @param description what it writes, one sentence for {@code --help}
 */
public record ReportOutput(String name, String paramLabel, String description) {

    /**
     * Checks the parts.
     *
     * @param name the option's name without dashes
     * @param paramLabel what the option takes
     * @param description what it writes
     */
    public ReportOutput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramLabel, "paramLabel");
        Objects.requireNonNull(description, "description");
    }
}
