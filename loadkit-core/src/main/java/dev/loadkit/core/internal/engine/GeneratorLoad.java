package dev.loadkit.core.internal.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches whether the generator ran out of CPU, once per reporting interval: a thread of this process busy
 * for (nearly) the whole interval, such as an event loop on a saturated core, or the process using (nearly)
 * every core; or the whole machine busy, other processes included, so that the generator's threads waited
 * for a CPU. Either way the measured latencies are partly the generator's (Locust warns about its CPU for
 * the same reason).
 */
final class GeneratorLoad {

    /** The share of an interval a thread or the process must be busy to count as saturated. */
    private static final double SATURATED = 0.95;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final Map<Long, Long> lastThreadCpu = new HashMap<>();
    private long lastProcessCpu = -1;
    private long lastNanos;
    private int intervals;
    private int saturatedIntervals;
    private int machineBusyIntervals;

    /**
     * Samples the CPU used since the last call.
     *
     * @param nowNanos the run's clock
     */
    void sample(long nowNanos) {
        long processCpu = processCpuNanos();
        boolean saturated = false;
        if (lastProcessCpu >= 0 && nowNanos > lastNanos) {
            double elapsed = nowNanos - lastNanos;
            saturated = processCpu >= 0 && (processCpu - lastProcessCpu) / elapsed >= SATURATED * cores;
            if (threads.isThreadCpuTimeSupported()) {
                for (long id : threads.getAllThreadIds()) {
                    long cpu = threads.getThreadCpuTime(id);
                    Long before = lastThreadCpu.put(id, cpu);
                    if (cpu >= 0 && before != null && (cpu - before) / elapsed >= SATURATED) {
                        saturated = true;
                    }
                }
            }
            intervals++;
            if (saturated) {
                saturatedIntervals++;
            } else if (machineCpuLoad() >= SATURATED) {
                machineBusyIntervals++;
            }
        } else if (threads.isThreadCpuTimeSupported()) {
            for (long id : threads.getAllThreadIds()) {
                lastThreadCpu.put(id, threads.getThreadCpuTime(id));
            }
        }
        lastProcessCpu = processCpu;
        lastNanos = nowNanos;
    }

    /**
     * The warning for the summary, when a core was saturated in some interval.
     *
     * @return the warning, if one is due
     */
    Optional<String> warning() {
        if (saturatedIntervals > 0) {
            return Optional.of(String.format(Locale.ROOT, "the generator was saturated: a core of this process was fully busy"
                    + " in %d of %d intervals; latencies are partly the generator's, so run it with more CPU or less load",
                    saturatedIntervals, intervals));
        }
        if (machineBusyIntervals > 0) {
            return Optional.of(String.format(Locale.ROOT, "the machine was saturated: its CPUs were at least 95%% busy, other"
                    + " processes included, in %d of %d intervals; latencies include waiting for a CPU, so give the"
                    + " generator a machine of its own or less load", machineBusyIntervals, intervals));
        }
        return Optional.empty();
    }

    /** The whole machine's CPU use since the last call, 0 to 1; -1 when unknown. */
    private double machineCpuLoad() {
        if (system instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getCpuLoad();
        }
        return -1;
    }

    private long processCpuNanos() {
        if (system instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
