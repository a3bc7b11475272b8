package dev.loadkit.core.internal.engine;

import java.util.List;
import java.util.OptionalInt;

/**
 * Shares virtual users among user classes, with Locust's semantics: classes with a fixed count take
 * theirs first, the weighted classes share the rest by weight (largest remainder), and once there are at
 * least as many users as weighted classes, no class of positive weight is left without a user. The
 * result is deterministic: it depends on the counts and weights only.
 */
public final class UserMix {

    private final int[] weights;
    private final Integer[] fixedCounts;

    /**
     * Creates the mix of some classes.
     *
     * @param weights the classes' weights
     * @param fixedCounts the classes' fixed counts, {@code null} for a weighted class
     */
    public UserMix(int[] weights, Integer[] fixedCounts) {
        this.weights = weights.clone();
        this.fixedCounts = fixedCounts.clone();
    }

    /**
     * The mix of classes given as weights and fixed counts.
     *
     * @param weights the weights
     * @param fixedCounts the fixed counts, null for weighted classes
     * @return the mix
     */
    public static UserMix of(List<Integer> weights, List<OptionalInt> fixedCounts) {
        return new UserMix(weights.stream().mapToInt(Integer::intValue).toArray(),
                fixedCounts.stream().map(count -> count.isPresent() ? count.getAsInt() : null).toArray(Integer[]::new));
    }

    /**
     * How many of {@code total} users each class gets.
     *
     * @param total the users to share
     * @return the count per class, in class order; the counts add up to {@code total}, unless fixed
     *         counts alone ask for more users and there are no weighted classes to take the rest
     */
    public int[] allocate(int total) {
        int[] counts = new int[weights.length];
        int left = total;
        for (int i = 0; i < counts.length; i++) {
            if (fixedCounts[i] != null) {
                counts[i] = Math.min(fixedCounts[i], left);
                left -= counts[i];
            }
        }
        long weightSum = 0;
        int weighted = 0;
        for (int i = 0; i < counts.length; i++) {
            if (fixedCounts[i] == null) {
                weightSum += weights[i];
                weighted++;
            }
        }
        if (weighted == 0 || left == 0) {
            return counts;
        }
        double[] remainders = new double[counts.length];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            if (fixedCounts[i] == null) {
                double ideal = (double) left * weights[i] / weightSum;
                counts[i] = (int) Math.floor(ideal);
                remainders[i] = ideal - counts[i];
                given += counts[i];
            }
        }
        for (; given < left; given++) {
            counts[largestRemainder(remainders)]++;
        }
        if (left >= weighted) {
            feedStarvingClasses(counts);
        }
        return counts;
    }

    private int largestRemainder(double[] remainders) {
        int best = -1;
        for (int i = 0; i < remainders.length; i++) {
            if (fixedCounts[i] == null && (best < 0 || remainders[i] > remainders[best] + 1e-12)) {
                best = i;
            }
        }
        remainders[best] = -1;
        return best;
    }

    /** Moves users one at a time from the largest weighted class to each weighted class that has none. */
    private void feedStarvingClasses(int[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (fixedCounts[i] == null && counts[i] == 0) {
                int largest = -1;
                for (int j = 0; j < counts.length; j++) {
                    if (fixedCounts[j] == null && (largest < 0 || counts[j] > counts[largest])) {
                        largest = j;
                    }
                }
                counts[largest]--;
                counts[i]++;
            }
        }
    }

    /**
     * The class that should start its next user while ramping towards {@code target}: the one furthest
     * below its target, the first in class order on a tie. Starting users in this order keeps the mix
     * close to the weights at every moment of a ramp.
     *
     * @param running the users running per class
     * @param target the target per class
     * @return the class's index, or -1 when every class has reached its target
     */
    public static int nextToStart(int[] running, int[] target) {
        int best = -1;
        for (int i = 0; i < running.length; i++) {
            int deficit = target[i] - running[i];
            if (deficit > 0 && (best < 0 || deficit > target[best] - running[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The class that should stop a user while ramping down towards {@code target}: the one furthest above it.
     *
     * @param running the users running per class
     * @param target the target per class
     * @return the class's index, or -1 when no class is above its target
     */
    public static int nextToStop(int[] running, int[] target) {
        int best = -1;
        for (int i = 0; i < running.length; i++) {
            int surplus = running[i] - target[i];
            if (surplus > 0 && (best < 0 || surplus > running[best] - target[best])) {
                best = i;
            }
        }
        return best;
    }
}
