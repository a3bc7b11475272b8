package dev.loadkit.http;

import dev.loadkit.core.check.Check;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.http.internal.Answer;
import dev.loadkit.http.internal.CookieJar;
import dev.loadkit.http.internal.ErrorClassifier;
import dev.loadkit.http.internal.OutgoingRequest;
import dev.loadkit.http.internal.RequestTiming;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of an {@link HttpRequest}: fills its templates, sends it on the virtual user's client with its
 * cookies through the protocol's transport, follows redirects, runs the checks, and records the request, its timings, its bytes and its
 * errors. Failures of the server become failed responses; only a request that cannot be made fails the Mono.
 */
final class Exchange {

    private static final byte[] EMPTY = new byte[0];

    private Exchange() {
    }

    static Mono<HttpResponse> run(HttpRequest request, Session session) {
        return Mono.defer(() -> {
            URI uri = request.uri(session);
            HttpHeaders headers = request.headers(session);
            Body body = request.body(session);
            byte[] content = body == null ? null : body.render(session);
            String contentType = body == null || headers.contains(HttpHeaderNames.CONTENT_TYPE) ? null : body.contentType();
            return send(request, session, request.method(), uri, headers, contentType, content, 0);
        });
    }

    private static Mono<HttpResponse> send(HttpRequest request, Session session, String method, URI uri, HttpHeaders headers,
                                           String contentType, byte[] content, int redirects) {
        CookieJar cookies = session.attachment(CookieJar.class, () -> new CookieJar(System::currentTimeMillis));
        OutgoingRequest outgoing = new OutgoingRequest(method, uri, headers, cookies.header(uri), contentType, content,
                request.discardsBody() ? -1 : request.http().maxBodySize());
        RequestTiming timing = new RequestTiming();
        long start = session.nanoTime();
        long intendedStart = session.intendedStart(start);
        Mono<HttpResponse> exchange = request.http().transport().exchange(outgoing, session, timing)
                .map(answer -> completed(request, session, method, uri, cookies, answer, timing, intendedStart, start))
                .onErrorResume(error -> Mono.just(failed(request, session, method, uri, error, timing, intendedStart, start)))
                // Cut by the end of the run (or cancelled by the task): counted, never lost.
                .doOnCancel(() -> {
                    if (timing.claimRecording()) {
                        session.metrics().interrupted(session.metrics().request(HttpMetrics.REQUESTS,
                                request.tags(0, session.groupPath())), request.name(), intendedStart, start);
                    }
                });
        if (redirects >= request.http().maxRedirects()) {
            return exchange;
        }
        return exchange.flatMap(response -> {
            Optional<String> location = response.header("location");
            if (isRedirect(response.status()) && location.isPresent()) {
                boolean toGet = response.status() == 303
                        || (response.status() == 301 || response.status() == 302) && "POST".equals(method);
                return send(request, session, toGet ? "GET" : method, uri.resolve(location.get()), headers,
                        toGet ? null : contentType, toGet ? null : content, redirects + 1);
            }
            return Mono.just(response);
        });
    }

    private static HttpResponse completed(HttpRequest request, Session session, String method, URI uri, CookieJar cookies,
                                          Answer answer, RequestTiming timing, long intendedStart, long start) {
        long end = answer.end();
        List<String> setCookies = answer.headers().getAll(HttpHeaderNames.SET_COOKIE);
        if (!setCookies.isEmpty()) {
            cookies.store(uri, setCookies);
        }
        Metrics metrics = session.metrics();
        String failure = request.expected(answer.status()) ? null : "status " + answer.status();
        HttpResponse response = new HttpResponse(request.name(), method, uri.toString(), answer.status(), answer.headers(),
                answer.body(), null, null, failure, Duration.ofNanos(end - intendedStart), Duration.ofNanos(end - start));
        // A failed request counts once in the errors, under its first reason: the status, else the first
        // failed check. Every check still counts under checks.
        String errorKind = null;
        String errorMessage = null;
        if (failure != null) {
            errorKind = failure;
            errorMessage = "HTTP " + answer.status() + " " + HttpResponseStatus.valueOf(answer.status(), answer.reason()).reasonPhrase();
        }
        for (Check<HttpResponse> check : request.checks()) {
            Optional<String> problem = check.verify(response, session);
            session.check(check.name(), problem.isEmpty());
            if (problem.isPresent()) {
                if (errorKind == null) {
                    errorKind = "check";
                    errorMessage = check.name() + ": " + problem.get();
                }
                response = response.failed("check " + check.name());
            }
        }
        if (timing.claimRecording()) {
            if (errorKind != null) {
                metrics.error(request.name(), errorKind, errorMessage);
            }
            record(request, session, answer.status(), timing, intendedStart, start, end, response.failed());
        }
        return response;
    }

    private static HttpResponse failed(HttpRequest request, Session session, String method, URI uri, Throwable error,
                                       RequestTiming timing, long intendedStart, long start) {
        long end = session.nanoTime();
        HttpErrorKind kind = ErrorClassifier.kind(error);
        String message = ErrorClassifier.message(error);
        HttpResponse response = new HttpResponse(request.name(), method, uri.toString(), 0, EmptyHttpHeaders.INSTANCE, EMPTY, kind,
                message, kind.label(), Duration.ofNanos(end - intendedStart), Duration.ofNanos(end - start));
        for (Check<HttpResponse> check : request.checks()) {
            session.check(check.name(), false);
        }
        if (timing.claimRecording()) {
            session.metrics().error(request.name(), kind.label(), message, error);
            record(request, session, 0, timing, intendedStart, start, end, true);
        }
        return response;
    }

    private static void record(HttpRequest request, Session session, int status, RequestTiming timing,
                               long intendedStart, long start, long end, boolean failed) {
        request.series(session.metrics(), status, session.groupPath()).record(intendedStart, start, end, failed, timing);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
