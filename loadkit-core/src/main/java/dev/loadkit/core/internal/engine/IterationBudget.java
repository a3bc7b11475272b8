package dev.loadkit.core.internal.engine;

import java.util.concurrent.atomic.AtomicLong;

/** How many iterations a virtual user may still start: unlimited, its own count, or a share of a total. */
interface IterationBudget {

    /** No limit: the duration ends the work. */
    IterationBudget UNLIMITED = () -> true;

    /**
     * Takes one iteration from the budget.
     *
     * @return false when the budget is spent
     */
    boolean tryTake();

    /**
     * A budget that may be spent from several threads.
     *
     * @param iterations the iterations in the budget
     * @return the budget
     */
    static IterationBudget of(long iterations) {
        AtomicLong left = new AtomicLong(iterations);
        return () -> left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
