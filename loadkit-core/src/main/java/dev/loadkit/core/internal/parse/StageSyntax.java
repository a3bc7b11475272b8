package dev.loadkit.core.internal.parse;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage syntax of k6's {@code --stage} option: comma-separated {@code DURATION:TARGET} items, like
 * {@code 30s:20,1m:200,30s:0}.
 */
public final class StageSyntax {

    private StageSyntax() {}

    /**
     * Parses a stage list; whitespace around items, durations and targets is ignored.
     *
     * @param text the stage list as the user wrote it
     * @return the stages in order, at least one, unmodifiable
     * @throws ConfigurationException if the list is null or empty, or an item lacks its colon, has a bad duration
     *     (with {@link DurationSyntax}'s message) or a target that is not a non-negative integer
     */
    public static List<Stage> parse(String text) {
        String input = text == null ? "" : text.strip();
        if (input.isEmpty()) {
            throw new ConfigurationException(
                    "invalid stages '': use DURATION:TARGET items separated by commas, like 30s:20,1m:200,30s:0");
        }
        List<Stage> stages = new ArrayList<>();
        // The limit -1 keeps a trailing empty item, so "30s:20," is reported instead of silently accepted.
        for (String raw : input.split(",", -1)) {
            String item = raw.strip();
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw invalidStage(item, input);
            }
            stages.add(new Stage(DurationSyntax.parse(item.substring(0, colon)),
                    target(item.substring(colon + 1).strip(), item, input)));
        }
        return List.copyOf(stages);
    }

    private static long target(String target, String item, String input) {
        // Long.parseLong alone would accept "+5" and other scripts' digits.
        if (target.isEmpty() || !target.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalidStage(item, input);
        }
        try {
            return Long.parseLong(target);
        } catch (NumberFormatException tooLarge) {
            throw invalidStage(item, input);
        }
    }

    private static ConfigurationException invalidStage(String item, String input) {
        return new ConfigurationException(
                "invalid stage '" + item + "' in '" + input + "': use DURATION:TARGET, like 30s:20");
    }
}
