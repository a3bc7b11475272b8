package dev.loadkit.http;

import dev.loadkit.core.check.Check;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.Template;
import dev.loadkit.http.internal.SeriesOfRequest;
import reactor.core.publisher.Mono;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * An HTTP request as a test defines it once and runs many times: method, path template, name, query
 * parameters, headers, body, expected statuses and checks. Immutable: each method returns a new request.
 *
 * <pre>{@code
 * HttpRequest getVm = http.get("/api/vms/{vmId}")
 *         .name("get vm")
 *         .queryParam("verbose", "true")
 *         .header("Accept", "application/json")
 *         .check(status().is(200), jsonPointer("/state").saveAs("state"));
 * Task.of("get vm", getVm::run);
 * }</pre>
 *
 * <p>{@link #run} never fails because of the server: an error or an unexpected answer gives a
 * {@link HttpResponse} that is {@link HttpResponse#failed() failed} and counted, and the virtual user goes
 * on. It fails (ending the iteration) only when the request cannot be made, such as when a
 * {@code {key}} placeholder has no value in the session.
 */
public final class HttpRequest {

    /** Valid statuses are below 600; the tags of others are built each time. */
    private static final int STATUS_SLOTS = 600;

    private final Http http;
    private final String method;
    private final Template path;
    private final String name;
    private final List<Map.Entry<String, Template>> queryParams;
    private final List<Map.Entry<String, Template>> headers;
    private final Function<Session, Body> body;
    private final IntPredicate expectedStatus;
    private final List<Check<HttpResponse>> checks;
    private final boolean discardBody;
    /** The tags of each status, built on first use so that recording does not allocate. */
    private final AtomicReferenceArray<Tags> tagsByStatus = new AtomicReferenceArray<>(STATUS_SLOTS);
    private final AtomicReferenceArray<SeriesOfRequest> seriesByStatus = new AtomicReferenceArray<>(STATUS_SLOTS);
    /** The protocol's headers and this request's constant ones, built once. */
    private final HttpHeaders fixedHeaders;
    /** The URI of a request without placeholders, built once per base URL. */
    private volatile ResolvedUri resolvedUri;

    private record ResolvedUri(String base, URI uri) {
    }

    HttpRequest(Http http, String method, String path) {
        this(http, Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT), Template.parse(path),
                method.toUpperCase(Locale.ROOT) + " " + withoutQueryValues(path), List.of(), List.of(), null,
                status -> status >= 200 && status < 400, List.of(), false);
    }

    /**
     * A path or URL as default request names and reports show it: the query's values, which may be tokens or
     * ids, become {@code *} ({@code /items?token=*&page=*}), so that no secret reaches a report and one name
     * covers every value.
     *
     * @param path a path or URL, with or without a query
     * @return it without its query's values
     */
    public static String withoutQueryValues(String path) {
        int query = path.indexOf('?');
        if (query < 0) {
            return path;
        }
        StringBuilder shown = new StringBuilder(path.substring(0, query + 1));
        String[] params = path.substring(query + 1).split("&", -1);
        for (int i = 0; i < params.length; i++) {
            int equals = params[i].indexOf('=');
            shown.append(i == 0 ? "" : "&").append(equals < 0 ? params[i] : params[i].substring(0, equals) + "=*");
        }
        return shown.toString();
    }

    private HttpRequest(Http http, String method, Template path, String name, List<Map.Entry<String, Template>> queryParams,
                        List<Map.Entry<String, Template>> headers, Function<Session, Body> body,
                        IntPredicate expectedStatus, List<Check<HttpResponse>> checks, boolean discardBody) {
        this.http = http;
        this.method = method;
        this.path = path;
        this.name = name;
        this.queryParams = queryParams;
        this.headers = headers;
        this.body = body;
        this.expectedStatus = expectedStatus;
        this.checks = checks;
        this.discardBody = discardBody;
        this.fixedHeaders = new DefaultHttpHeaders();
        http.headers().forEach(fixedHeaders::set);
        headers.stream().filter(header -> header.getValue().isConstant())
                .forEach(header -> fixedHeaders.set(header.getKey(), header.getValue().toString()));
    }

    /**
     * The name reports use for this request, instead of {@code METHOD path}: keep it stable, as
     * {@code get vm} for {@code /api/vms/{id}}, so that every VM's request lands in one row.
     *
     * @param newName the name
     * @return a new request
     */
    public HttpRequest name(String newName) {
        return new HttpRequest(http, method, path, Objects.requireNonNull(newName, "name"), queryParams, headers, body,
                expectedStatus, checks, discardBody);
    }

    /**
     * Adds a query parameter; the value takes {@code {key}} placeholders.
     *
     * @param key the parameter's name
     * @param value its value
     * @return a new request
     */
    public HttpRequest queryParam(String key, String value) {
        return new HttpRequest(http, method, path, name, append(queryParams, Map.entry(key, Template.parse(value))), headers,
                body, expectedStatus, checks, discardBody);
    }

    /**
     * Adds a header; the value takes {@code {key}} placeholders, such as {@code Bearer {token}}.
     *
     * @param headerName the header's name
     * @param value its value
     * @return a new request
     */
    public HttpRequest header(String headerName, String value) {
        return new HttpRequest(http, method, path, name, queryParams, append(headers, Map.entry(headerName, Template.parse(value))),
                body, expectedStatus, checks, discardBody);
    }

    /**
     * The body.
     *
     * @param newBody the body
     * @return a new request
     */
    public HttpRequest body(Body newBody) {
        Objects.requireNonNull(newBody, "body");
        return new HttpRequest(http, method, path, name, queryParams, headers, session -> newBody,
                expectedStatus, checks, discardBody);
    }

    /**
     * A body chosen per request from the session, such as one of several payloads.
     *
     * @param newBody chooses the body
     * @return a new request
     */
    public HttpRequest body(Function<Session, Body> newBody) {
        return new HttpRequest(http, method, path, name, queryParams, headers, Objects.requireNonNull(newBody, "body"),
                expectedStatus, checks, discardBody);
    }

    /**
     * The statuses that count as success; 200 to 399 by default, as in k6. Others mark the request failed.
     *
     * @param statuses the expected statuses
     * @return a new request
     */
    public HttpRequest expectStatus(int... statuses) {
        int[] allowed = statuses.clone();
        Arrays.sort(allowed);
        return new HttpRequest(http, method, path, name, queryParams, headers, body,
                status -> Arrays.binarySearch(allowed, status) >= 0, checks, discardBody);
    }

    /**
     * Adds checks, run in order on every response; see {@link HttpChecks}.
     *
     * @param newChecks the checks
     * @return a new request
     */
    @SafeVarargs
    public final HttpRequest check(Check<HttpResponse>... newChecks) {
        List<Check<HttpResponse>> all = new ArrayList<>(checks);
        all.addAll(List.of(newChecks));
        return new HttpRequest(http, method, path, name, queryParams, headers, body, expectedStatus,
                List.copyOf(all), discardBody);
    }

    /**
     * Reads the response body without keeping it: for throughput tests that do not look at the body.
     * Checks on the body then see it empty.
     *
     * @return a new request
     */
    public HttpRequest discardBody() {
        return new HttpRequest(http, method, path, name, queryParams, headers, body, expectedStatus,
                checks, true);
    }

    /**
     * Sends the request as a virtual user, following redirects, recording every metric and check.
     *
     * @param session the virtual user's session
     * @return the response (of the last redirect); failed but never an error when the server misbehaves
     */
    public Mono<HttpResponse> run(Session session) {
        return Exchange.run(this, session);
    }

    /**
     * The request's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Http http() {
        return http;
    }

    String method() {
        return method;
    }

    /** The request's URI for a virtual user; built once when nothing in it depends on the session. */
    URI uri(Session session) {
        boolean constant = path.isConstant() && queryParams.stream().allMatch(param -> param.getValue().isConstant());
        if (!constant) {
            return http.resolve(path.render(session, HttpRequest::encodePath) + query(session), session);
        }
        String base = http.baseFor(session);
        ResolvedUri cached = resolvedUri;
        if (cached == null || !cached.base().equals(base)) {
            cached = new ResolvedUri(base, http.resolve(path.toString() + query(session), session));
            resolvedUri = cached;
        }
        return cached.uri();
    }

    /** The request's headers for a virtual user: the fixed ones, plus the templated ones filled. */
    HttpHeaders headers(Session session) {
        if (headers.stream().allMatch(header -> header.getValue().isConstant())) {
            return fixedHeaders;
        }
        HttpHeaders all = new DefaultHttpHeaders().add(fixedHeaders);
        headers.stream().filter(header -> !header.getValue().isConstant())
                .forEach(header -> all.set(header.getKey(), header.getValue().render(session, value -> value)));
        return all;
    }

    private String query(Session session) {
        if (queryParams.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, Template> param : queryParams) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(param.getValue().render(session, value -> value), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** Encodes a session value for a path segment: everything but unreserved characters. */
    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Body body(Session session) {
        return body == null ? null : body.apply(session);
    }

    boolean expected(int status) {
        return expectedStatus.test(status);
    }

    List<Check<HttpResponse>> checks() {
        return checks;
    }

    boolean discardsBody() {
        return discardBody;
    }

    /** The tags of a sample of this request, built once per status. */
    Tags tags(int status, String group) {
        if (!group.isEmpty()) {
            return baseTags(status).and("group", group);
        }
        if (status < 0 || status >= STATUS_SLOTS) {
            return baseTags(status);
        }
        Tags tags = tagsByStatus.get(status);
        if (tags == null) {
            tags = baseTags(status);
            tagsByStatus.set(status, tags);
        }
        return tags;
    }

    /** The series a response of this status records into, in the run's metrics: kept per status outside groups. */
    SeriesOfRequest series(Metrics metrics, int status, String group) {
        if (!group.isEmpty() || status < 0 || status >= STATUS_SLOTS) {
            return new SeriesOfRequest(metrics, tags(status, group));
        }
        SeriesOfRequest series = seriesByStatus.get(status);
        if (series == null || !series.belongTo(metrics)) {
            series = new SeriesOfRequest(metrics, tags(status, group));
            seriesByStatus.set(status, series);
        }
        return series;
    }

    private Tags baseTags(int status) {
        return Tags.of(Tags.NAME, name, "method", method, "status", Integer.toString(status));
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
