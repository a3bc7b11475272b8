package dev.loadkit.http.internal;

/** A response body larger than {@code Http.Builder.maxBodySize}: the request fails with kind {@code body too large}. */
public final class BodyTooLargeException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param limit the limit in bytes
     */
    public BodyTooLargeException(int limit) {
        super("response body larger than maxBodySize (" + limit + " bytes); raise Http.builder().maxBodySize(...)"
                + " or call discardBody() on a request whose body nothing reads", null, false, false);
    }
}
