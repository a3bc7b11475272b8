package dev.loadkit.core.internal.engine;

/** Turns an exception into the one-line message an error report shows. */
final class ErrorText {

    private static final int MAX_LENGTH = 200;

    private ErrorText() {
    }

    static String of(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
