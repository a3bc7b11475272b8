package dev.loadkit.bench;

import java.lang.management.ManagementFactory;

/** The heap in use once the garbage collector has run: what the memory benchmarks subtract, before and during. */
final class SettledHeap {

    private SettledHeap() {
    }

    /**
     * Collects garbage three times, a moment apart, and reads the heap in use.
     *
     * @return the bytes in use
     * @throws InterruptedException when interrupted while waiting
     */
    static long bytes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
