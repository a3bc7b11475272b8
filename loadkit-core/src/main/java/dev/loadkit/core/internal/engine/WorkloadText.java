package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.parse.DurationSyntax;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Describes a workload in the words of the command line, for reports. */
public final class WorkloadText {

    private WorkloadText() {
    }

    /**
     * A one-line description, such as {@code ramping users 30s:20,1m:200}.
     *
     * @param workload the workload
     * @return the description
     */
    public static String describe(Workload workload) {
        if (workload instanceof Workload.ConstantUsers w) {
            return w.users() + " users for " + DurationSyntax.format(w.duration());
        } else if (workload instanceof Workload.RampingUsers w) {
            return "ramping users " + (w.startUsers() > 0 ? "from " + w.startUsers() + " " : "") + stages(w.stages());
        } else if (workload instanceof Workload.PerUserIterations w) {
            return w.users() + " users, " + w.iterations() + " iterations each, at most "
                    + DurationSyntax.format(w.maxDuration());
        } else if (workload instanceof Workload.SharedIterations w) {
            return w.users() + " users sharing " + w.iterations() + " iterations, at most "
                    + DurationSyntax.format(w.maxDuration());
        } else if (workload instanceof Workload.ConstantArrivalRate w) {
            return number(w.rate()) + " iterations/s for " + DurationSyntax.format(w.duration())
                    + ", at most " + w.maxUsers() + " users";
        } else if (workload instanceof Workload.Sequence w) {
            return "in sequence: " + w.phases().stream()
                    .map(phase -> phase.name() + " (" + describe(phase.workload()) + ")").collect(Collectors.joining("; "));
        } else if (workload instanceof Workload.RampingArrivalRate w) {
            return "ramping arrival rate from " + number(w.startRate()) + "/s " + stages(w.stages())
                    + ", at most " + w.maxUsers() + " users";
        }
        throw new IllegalArgumentException("unknown workload " + workload);
    }

    private static String stages(List<Stage> stages) {
        return stages.stream()
                .map(stage -> DurationSyntax.format(stage.duration()) + ":" + stage.target())
                .collect(Collectors.joining(","));
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
