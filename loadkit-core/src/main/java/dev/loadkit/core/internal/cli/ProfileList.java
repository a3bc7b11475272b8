package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.Profile;
import dev.loadkit.core.RunProfile;
import dev.loadkit.core.internal.parse.DurationSyntax;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@code list}: the jar's scenarios, then the profiles of the jar and of the config file, as tables. */
final class ProfileList {

    private final String commandName;
    private final Collection<CommandLineRunner.Scenario> scenarios;
    private final Map<String, RunProfile> packProfiles;
    private final Map<String, RunProfile> configProfiles;

    ProfileList(String commandName, Collection<CommandLineRunner.Scenario> scenarios, Map<String, RunProfile> packProfiles,
                Map<String, RunProfile> configProfiles) {
        this.commandName = commandName;
        this.scenarios = scenarios;
        this.packProfiles = packProfiles;
        this.configProfiles = configProfiles;
    }

    int print(PrintStream out) {
        List<String[]> scenarioRows = new ArrayList<>();
        scenarioRows.add(new String[] {"SCENARIO", "DESCRIPTION"});
        scenarios.forEach(scenario -> scenarioRows.add(new String[] {scenario.name(), scenario.description()}));
        table(out, scenarioRows);
        List<String[]> profileRows = new ArrayList<>();
        profileRows.add(new String[] {"PROFILE", "USERS", "SPAWN RATE", "RUN TIME", "HOST", "FROM", "DESCRIPTION"});
        packProfiles.values().stream().filter(profile -> !configProfiles.containsKey(profile.name()))
                .forEach(profile -> profileRows.add(row(profile, commandName)));
        configProfiles.values().forEach(profile -> profileRows.add(row(profile, "config")));
        if (profileRows.size() > 1) {
            out.println();
            table(out, profileRows);
            out.println();
            out.println("Run one with '" + commandName + " PROFILE' (the first scenario) or 'SCENARIO --profile PROFILE'; "
                    + "flags such as --users still win.");
        }
        List<String> presets = new ArrayList<>();
        for (Profile preset : Profile.values()) {
            if (!packProfiles.containsKey(preset.toString()) && !configProfiles.containsKey(preset.toString())) {
                presets.add(preset.toString());
            }
        }
        if (!presets.isEmpty()) {
            out.println("Presets that scale a scenario's own load (--profile NAME): " + String.join(", ", presets) + ".");
        }
        return ExitCode.PASSED;
    }

    private static String[] row(RunProfile profile, String from) {
        return new String[] {profile.name(), String.valueOf(profile.users()),
                BigDecimal.valueOf(profile.spawnRate()).stripTrailingZeros().toPlainString() + "/s",
                DurationSyntax.format(profile.runTime()), profile.host().orElse("-"), from, profile.description()};
    }

    static void table(PrintStream out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
