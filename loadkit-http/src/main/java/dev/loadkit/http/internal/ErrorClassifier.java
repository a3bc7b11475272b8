package dev.loadkit.http.internal;

import dev.loadkit.http.HttpErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Sorts the exceptions of a failed exchange into {@link HttpErrorKind}s, with a short message. */
public final class ErrorClassifier {

    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    private ErrorClassifier() {
    }

    /**
     * The kind of a failure.
     *
     * @param error the exception the exchange ended with
     * @return its kind
     */
    public static HttpErrorKind kind(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectTimeoutException) {
                return HttpErrorKind.CONNECT_TIMEOUT;
            }
            if (cause instanceof ConnectException) {
                return HttpErrorKind.CONNECT_REFUSED;
            }
            if (cause instanceof UnknownHostException) {
                return HttpErrorKind.DNS;
            }
            if (cause instanceof BodyTooLargeException) {
                return HttpErrorKind.BODY_TOO_LARGE;
            }
            if (cause instanceof ReadTimeoutException) {
                return HttpErrorKind.IDLE_TIMEOUT;
            }
            if (cause instanceof TimeoutException) {
                return HttpErrorKind.RESPONSE_TIMEOUT;
            }
            if (cause instanceof SSLException) {
                return HttpErrorKind.TLS;
            }
            if (cause instanceof ConnectionClosedException || cause instanceof PrematureCloseException
                    || cause instanceof PrematureChannelClosureException) {
                return HttpErrorKind.RESET;
            }
            if (cause instanceof DecoderException || cause instanceof Http2Exception || thrownByDecoder(cause)) {
                return HttpErrorKind.PROTOCOL;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("Connection reset") || message.contains("Broken pipe"))) {
                return HttpErrorKind.RESET;
            }
        }
        return HttpErrorKind.OTHER;
    }

    /**
     * Whether Netty's HTTP decoder threw it: a malformed status line or header reaches the exchange as the
     * decoder's own exception (a {@code NumberFormatException} for a status code of {@code 2x0}), not a
     * {@code DecoderException}.
     */
    private static boolean thrownByDecoder(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getClassName().startsWith("io.netty.handler.codec.http.") && frame.getClassName().endsWith("Decoder")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A one-line message for a failure.
     *
     * @param error the exception
     * @return the message
     */
    public static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (root instanceof ReadTimeoutException) {
            message = "no data from the server for longer than the idle timeout";
        }
        // Netty's native transport names the system call and the error number: "finishConnect(..) failed with
        // error(-111): Connection refused" says no more to a user than "Connection refused".
        message = NATIVE_CALL.matcher(message).replaceFirst("");
        return message.lines().findFirst().orElse(message);
    }
}
