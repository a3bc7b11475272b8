package dev.loadkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.netty.handler.codec.http.HttpHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one request gave: a status, headers and a body, or an error of a {@link HttpErrorKind} when no
 * response came; whether it counts as failed; and its timings. Immutable.
 */
public final class HttpResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String method;
    private final String url;
    private final int status;
    /** Netty's headers, read as they are: a response's headers are copied only when asked for as a map. */
    private final HttpHeaders headers;
    private final byte[] body;
    private final HttpErrorKind error;
    private final String errorMessage;
    private final String failure;
    private final Duration latency;
    private final Duration serviceTime;
    private volatile JsonNode json;

    /**
     * Creates a response; the driver does.
     *
     * @param name the request's name
     * @param method the method
     * @param url the URL requested
     * @param status the status, 0 when there was no response
     * @param headers the headers
     * @param body the body, empty when discarded
     * @param error the kind of error, or {@code null} when a response came
     * @param errorMessage the error's detail, or {@code null}
     * @param failure why the request counts as failed (an error, an unexpected status, a failed check), or {@code null}
     * @param latency the time from the intended start to the end
     * @param serviceTime the time from the actual start to the end
     */
    HttpResponse(String name, String method, String url, int status, HttpHeaders headers,
                        byte[] body, HttpErrorKind error, String errorMessage, String failure, Duration latency,
                        Duration serviceTime) {
        this.name = name;
        this.method = method;
        this.url = url;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.error = error;
        this.errorMessage = errorMessage;
        this.failure = failure;
        this.latency = latency;
        this.serviceTime = serviceTime;
    }

    /**
     * This response with a failure, as a failed check makes it.
     *
     * @param reason why it failed
     * @return a new response
     */
    HttpResponse failed(String reason) {
        return new HttpResponse(name, method, url, status, headers, body, error, errorMessage,
                failure != null ? failure : reason, latency, serviceTime);
    }

    /**
     * The request's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The method.
     *
     * @return the method, such as {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * The URL requested.
     *
     * @return the URL
     */
    public String url() {
        return url;
    }

    /**
     * The status.
     *
     * @return the status code, 0 when no response came
     */
    public int status() {
        return status;
    }

    /**
     * The first value of a header.
     *
     * @param headerName the name, in any case
     * @return the value, if the header is present
     */
    public Optional<String> header(String headerName) {
        return Optional.ofNullable(headers.get(headerName));
    }

    /**
     * Every header.
     *
     * @return header names in lower case, with their values
     */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            copy.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(header.getValue());
        }
        copy.replaceAll((key, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The body's bytes.
     *
     * @return a copy of the body; empty when there was none or it was discarded
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON, once.
     *
     * @return the tree; a missing node when the body is not JSON
     */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            try {
                parsed = body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            json = parsed;
        }
        return parsed;
    }

    /**
     * Why no response came.
     *
     * @return the kind of error, if any
     */
    public Optional<HttpErrorKind> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The error's detail.
     *
     * @return the message, if there was an error
     */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    /**
     * Whether the request counts as failed in {@code http_req_failed}: an error, an unexpected status, or a
     * failed check.
     *
     * @return true when failed
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Why the request counts as failed.
     *
     * @return the reason, if failed
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The time from the intended start to the end: what {@code http_req_duration} records.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    /**
     * The time from the actual start to the end.
     *
     * @return the service time
     */
    public Duration serviceTime() {
        return serviceTime;
    }

    @Override
    public String toString() {
        return method + " " + url + " -> " + (error != null ? error.label() : status);
    }
}
