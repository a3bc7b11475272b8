package dev.loadkit.bench; /** x */ public final class LoadkitBench { private LoadkitBench() {} /** m @param a a */ public static void main(String[] a) {} }
