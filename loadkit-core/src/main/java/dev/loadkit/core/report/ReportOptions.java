package dev.loadkit.core.report;

import java.util.Map;
import java.util.Optional;

/**
 * What the user asked of the reporters: the outputs by name ({@code json} to {@code out.json},
 * {@code csv} to a prefix, ...), and whether the console may be interactive or must be quiet.
 *
 * @param outputs the requested outputs: name to file, folder or prefix
 * @param quiet whether to print nothing but errors and the final verdict
 * @param headless whether to start nothing interactive (no live web dashboard, no browser)
 */
public record ReportOptions(Map<String, String> outputs, boolean quiet, boolean headless) {

    /**
     * Copies the map.
     *
     * @param outputs the requested outputs
     * @param quiet whether to be quiet
     * @param headless whether to be headless
     */
    public ReportOptions {
        outputs = Map.copyOf(outputs);
    }

    /**
     * No outputs, a normal console.
     *
     * @return the options
     */
    public static ReportOptions none() {
        return new ReportOptions(Map.of(), false, true);
    }

    /**
     * One requested output.
     *
     * @param name the output's name, such as {@code json}
     * @return its target, if requested
     */
    public Optional<String> output(String name) {
        return Optional.ofNullable(outputs.get(name));
    }
}
