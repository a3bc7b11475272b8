package dev.loadkit.core.internal.feeder;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses which row a feeder hands out next. One cursor is shared by every virtual user, so each
 * implementation is lock-free and allocates nothing per call.
 */
public sealed interface RowCursor {

    /** Returned by {@link #next()} once a cursor that gives each row at most once has given them all. */
    int EXHAUSTED = -1;

    /** The index of the next row, or {@link #EXHAUSTED}. */
    int next();

    /** Each index once, in order. */
    static RowCursor once(int size) {
        return new Once(size);
    }

    /** All indexes in order, starting over after the last. */
    static RowCursor circular(int size) {
        return new Circular(size);
    }

    /** A uniformly random index each time, from the calling thread's own generator. */
    static RowCursor random(int size) {
        return new PerThreadRandom(size);
    }

    /**
     * A uniformly random index each time, from one sequence shared by all threads, so the same seed gives the same
     * sequence of indexes (which thread gets which one still depends on scheduling).
     */
    static RowCursor seededRandom(int size, long seed) {
        return new SeededRandom(size, seed);
    }

    /** A long counter, because an int would wrap to valid indexes again after 2^31 calls on an exhausted feeder. */
    final class Once implements RowCursor {
        private final int size;
        private final AtomicLong taken = new AtomicLong();

        Once(int size) {
            this.size = size;
        }

        @Override
        public int next() {
            long index = taken.getAndIncrement();
            return index < size ? (int) index : EXHAUSTED;
        }
    }

    /** A long counter, so the modulo stays non-negative for any realistic number of calls. */
    final class Circular implements RowCursor {
        private final int size;
        private final AtomicLong taken = new AtomicLong();

        Circular(int size) {
            this.size = size;
        }

        @Override
        public int next() {
            return (int) (taken.getAndIncrement() % size);
        }
    }

    /** ThreadLocalRandom, because a shared generator would make all virtual users contend on it. */
    final class PerThreadRandom implements RowCursor {
        private final int size;

        PerThreadRandom(int size) {
            this.size = size;
        }

        @Override
        public int next() {
            return ThreadLocalRandom.current().nextInt(size);
        }
    }

    /**
     * SplitMix64 over an atomic counter: one getAndAdd per call keeps it lock-free, and the mixing makes
     * consecutive counter values statistically independent. The remainder of a 64-bit value by an int size is
     * biased by less than 2^-32, far below anything a load test could notice.
     */
    final class SeededRandom implements RowCursor {
        private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
        private final int size;
        private final AtomicLong state;

        SeededRandom(int size, long seed) {
            this.size = size;
            this.state = new AtomicLong(seed);
        }

        @Override
        public int next() {
            long z = state.addAndGet(GOLDEN_GAMMA);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return (int) Long.remainderUnsigned(z ^ (z >>> 31), size);
        }
    }
}
