package dev.loadkit.core;

/**
 * A mistake in a test's configuration or command line that the user must fix; its message is one line that says
 * what to fix.
 */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the bad input and what to write instead
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a mistake found through another failure.
     *
     * @param message one line naming the bad input and what to write instead
     * @param cause the failure that revealed the mistake
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
