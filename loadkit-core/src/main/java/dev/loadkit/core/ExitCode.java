package dev.loadkit.core;

/** The process exit codes of a run, the contract with CI systems. */
public final class ExitCode {

    /** Every threshold passed. */
    public static final int PASSED = 0;
    /** A threshold failed (also when it stopped the run through {@code abortOnFail}). */
    public static final int THRESHOLD_FAILED = 1;
    /** A mistake on the command line or in the configuration; nothing ran. */
    public static final int USAGE_ERROR = 2;
    /** The run was interrupted (Ctrl-C, SIGTERM) or could not complete. */
    public static final int ABORTED = 3;

    private ExitCode() {
    }
}
