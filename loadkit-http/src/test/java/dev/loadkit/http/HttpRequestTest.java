package dev.loadkit.http;

import dev.loadkit.core.CheckResult;
import dev.loadkit.core.RunSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.loadkit.http.HttpChecks.bodyText;
import static dev.loadkit.http.HttpChecks.header;
import static dev.loadkit.http.HttpChecks.jsonPath;
import static dev.loadkit.http.HttpChecks.jsonPointer;
import static dev.loadkit.http.HttpChecks.regex;
import static dev.loadkit.http.HttpChecks.responseTime;
import static dev.loadkit.http.HttpChecks.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests, checks, extraction, bodies, cookies and redirects against a real HTTP/1.1 server. */
class HttpRequestTest {

    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.Mode.HTTP_1_1);
        http = Http.builder().baseUrl(server.url()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRequestRecordsItsMetricsUnderItsName() {
        HttpRequest hello = http.get("/hello").name("say hello").check(status().is(200), bodyText().is("hello"));

        Runs runs = Runs.iterations(http, 2, 5, hello::run);

        RunSummary summary = runs.summary;
        assertThat(runs.responses).hasSize(10).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.failed()).isFalse();
        });
        assertThat(summary.requests()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("say hello");
            assertThat(row.metric()).isEqualTo("http_req_duration");
            assertThat(row.count()).isEqualTo(10);
            assertThat(row.failures()).isZero();
        });
        assertThat(summary.metric("http_reqs", Map.of("name", "say hello", "method", "GET", "status", "200")).count()).isEqualTo(10);
        assertThat(summary.metric("http_req_failed").rate()).isZero();
        for (String timing : List.of("http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
                "http_req_waiting", "http_req_receiving")) {
            assertThat(summary.metric(timing).count()).as(timing).isEqualTo(10);
        }
        // Two users, each with its own connection: two connects, the other requests reuse them.
        assertThat(summary.metric("http_req_connecting").distribution().percentile(50)).isZero();
        assertThat(summary.metric("http_req_connecting").distribution().max()).isPositive();
        assertThat(summary.metric("http_req_waiting").distribution().max()).isPositive();
        assertThat(summary.metric("data_sent").count()).isGreaterThan(10 * 50);
        assertThat(summary.metric("data_received").count()).isGreaterThan(10 * 40);
        assertThat(summary.checks()).containsExactly(new CheckResult("status is 200", 10, 0), new CheckResult("body is hello", 10, 0));
    }

    @Test
    void bytesSentAndReceivedAreTheServersOwnCount() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.ANSWERS)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 2, 5, http.get("/count?me=1").header("X-Padding", "0123456789")::run);

            assertThat(runs.responses).hasSize(10).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
            assertThat(runs.summary.metric("data_sent").count()).isEqualTo(server.bytesRead.get());
            assertThat(runs.summary.metric("data_received").count()).isEqualTo(server.bytesWritten.get());
        }
    }

    @Test
    void jsonChecksReadPointersAndPaths() {
        HttpRequest json = http.get("/json").name("json").check(
                jsonPointer("/data/id").is("vm-1"),
                jsonPointer("/data/count").is(3),
                jsonPointer("/data/ratio").is(0.5),
                jsonPointer("/data/ok").is(true),
                jsonPath("$.data.items[0].id").is(7),
                jsonPath("$.data['a b']").is("spaced"),
                jsonPath("$.data.state").isOneOf("running", "starting"),
                header("Content-Type").contains("json"),
                regex("\"id\":\"(vm-\\d+)\"").saveAs("fromRegex"),
                status().between(200, 299),
                responseTime().lessThan(Duration.ofSeconds(5)));

        Runs runs = Runs.once(http, session -> json.run(session)
                .doOnNext(response -> assertThat(session.getString("fromRegex")).isEqualTo("vm-1")));

        assertThat(runs.last().failed()).isFalse();
        assertThat(runs.summary.checks()).allSatisfy(check -> assertThat(check.fails()).as(check.name()).isZero());
        assertThat(runs.summary.checks()).hasSize(11);
    }

    @Test
    void aFailedCheckFailsTheRequestButNotTheUser() {
        HttpRequest json = http.get("/json").name("json").check(jsonPointer("/data/id").is("vm-2"), jsonPointer("/missing").exists());

        Runs runs = Runs.iterations(http, 1, 3, json::run);

        assertThat(runs.responses).hasSize(3).allSatisfy(response -> {
            assertThat(response.failed()).isTrue();
            assertThat(response.failure()).contains("check jsonPointer /data/id is vm-2");
        });
        assertThat(runs.summary.metric("http_req_failed").rate()).isEqualTo(1.0);
        assertThat(runs.summary.metric("iterations").count()).isEqualTo(3);
        // Counted once in the errors, under the first failed check; both checks still count as failed.
        assertThat(runs.summary.errors()).extracting(error -> error.kind() + ": " + error.message() + " x" + error.count())
                .containsExactly("check: jsonPointer /data/id is vm-2: jsonPointer /data/id was vm-1 x3");
        assertThat(runs.summary.checks()).hasSize(2).allSatisfy(check -> assertThat(check.fails()).isEqualTo(3));
    }

    @Test
    void extractedValuesCorrelateRequests() {
        HttpRequest create = http.post("/api/vms").name("create vm")
                .body(Body.json(session -> Map.of("name", "vm-of-user-" + session.userId())))
                .check(status().is(201), jsonPointer("/id").saveAs("vmId"));
        HttpRequest start = http.post("/api/vms/{vmId}/start").name("start vm").check(status().is(202));

        Runs runs = Runs.iterations(http, 3, 2, session -> create.run(session).then(start.run(session)));

        assertThat(runs.responses).hasSize(6).allSatisfy(response -> assertThat(response.status()).isEqualTo(202));
        assertThat(server.startedVms).hasSizeGreaterThanOrEqualTo(6);
        assertThat(runs.summary.requests()).extracting(row -> row.name()).containsExactly("create vm", "start vm");
    }

    @Test
    void aMissingSessionValueFailsTheIterationWithAClearError() {
        HttpRequest start = http.post("/api/vms/{vmId}/start").name("start vm");

        Runs runs = Runs.once(http, start::run);

        assertThat(runs.responses).isEmpty();
        assertThat(runs.summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("task");
            assertThat(error.message()).isEqualTo("IllegalStateException: '/api/vms/{vmId}/start' needs session value "
                    + "'vmId', which this virtual user does not have");
        });
    }

    @Test
    void queryParametersAndHeadersTakeSessionValues() {
        HttpRequest echo = http.get("/echo").name("echo").queryParam("user", "{who}").queryParam("q", "a b&c")
                .header("X-Test", "token-{who}");

        Runs runs = Runs.once(http, session -> echo.run(session.set("who", "ann")));

        assertThat(runs.last().bodyText()).startsWith("/echo?user=ann&q=a+b%26c\ntoken-ann\n");
    }

    @Test
    void bodiesOfEveryKind() {
        List<Body> bodies = List.of(
                Body.text("hi {who}"),
                Body.json(Map.of("a", 1)),
                Body.jsonTemplate("{\"name\": \"{who}\"}"),
                Body.form(Map.of("name", "{who}", "x", "1 2")),
                Body.bytes(new byte[] {1, 2, 3}, "application/octet-stream"),
                Body.multipart().field("title", "report").file("file", "a.txt", "text/plain", "abc".getBytes(StandardCharsets.UTF_8)).build());
        List<String> echoed = new java.util.concurrent.CopyOnWriteArrayList<>();

        Runs.once(http, session -> {
            session.set("who", "ann \"the\" user");
            return reactor.core.publisher.Flux.fromIterable(bodies)
                    .concatMap(body -> http.post("/echo").body(body).run(session))
                    .doOnNext(response -> echoed.add(response.bodyText()));
        });

        assertThat(echoed.get(0)).isEqualTo("text/plain; charset=utf-8\nhi ann \"the\" user");
        assertThat(echoed.get(1)).isEqualTo("application/json\n{\"a\":1}");
        assertThat(echoed.get(2)).isEqualTo("application/json\n{\"name\": \"ann \\\"the\\\" user\"}");
        assertThat(echoed.get(3)).isIn("application/x-www-form-urlencoded\nname=ann+%22the%22+user&x=1+2",
                "application/x-www-form-urlencoded\nx=1+2&name=ann+%22the%22+user");
        assertThat(echoed.get(4)).startsWith("application/octet-stream\n");
        assertThat(echoed.get(5)).startsWith("multipart/form-data; boundary=loadkit-")
                .contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nreport\r\n")
                .contains("filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n");
    }

    @Test
    void cookiesAreKeptPerUser() {
        HttpRequest login = http.get("/set-cookie").name("login");
        HttpRequest needsCookie = http.get("/needs-cookie").name("needs cookie").check(status().is(200));

        Runs withCookie = Runs.once(http, session -> login.run(session).then(needsCookie.run(session)));
        Runs withoutCookie = Runs.once(http, needsCookie::run);

        assertThat(withCookie.last().status()).isEqualTo(200);
        assertThat(withoutCookie.last().status()).isEqualTo(401);
    }

    @Test
    void redirectsAreFollowedAndEachHopIsRecorded() {
        Runs runs = Runs.once(http, http.get("/redirect").name("redirected")::run);

        assertThat(runs.last().status()).isEqualTo(200);
        assertThat(runs.last().bodyText()).isEqualTo("hello");
        assertThat(runs.summary.metric("http_reqs", Map.of("name", "redirected", "status", "302")).count()).isEqualTo(1);
        assertThat(runs.summary.metric("http_reqs", Map.of("name", "redirected", "status", "200")).count()).isEqualTo(1);
    }

    @Test
    void aSeeOtherTurnsAPostIntoAGetAndTheRedirectLimitHolds() {
        Runs seeOther = Runs.once(http, http.post("/see-other").body(Body.text("x")).name("post")::run);
        Http limited = Http.builder().baseUrl(server.url()).followRedirects(3).build();
        Runs loop = Runs.once(limited, limited.get("/loop").name("loop")::run);
        Http noRedirects = Http.builder().baseUrl(server.url()).followRedirects(0).build();
        Runs notFollowed = Runs.once(noRedirects, noRedirects.get("/redirect")::run);

        assertThat(seeOther.last().bodyText()).isEqualTo("hello");
        assertThat(loop.last().status()).isEqualTo(302);
        assertThat(loop.summary.metric("http_reqs").count()).isEqualTo(4);
        assertThat(notFollowed.last().status()).isEqualTo(302);
    }

    @Test
    void compressedResponsesAreDecompressed() {
        Http compressing = Http.builder().baseUrl(server.url()).compression(true).build();
        Runs runs = Runs.once(compressing, compressing.get("/big").name("big")::run);

        assertThat(runs.last().bodyText()).hasSize(100_000);
        assertThat(runs.summary.metric("data_received").count()).isLessThan(10_000);
    }

    @Test
    void theRunsHostIsTheBaseUrlWhenTheProtocolHasNone() {
        Http hostless = Http.builder().build();
        HttpRequest hello = hostless.get("/hello");
        Runs runs = new Runs();
        runs.summary = dev.loadkit.core.LoadTest.named("t")
                .users(dev.loadkit.core.UserClass.named("u").task("t", session -> hello.run(session).doOnNext(runs.responses::add)).build())
                .protocol(hostless)
                .workload(dev.loadkit.core.Workload.perUserIterations(1, 1, Duration.ofSeconds(10)))
                .build()
                .execute(dev.loadkit.core.RunOptions.builder().host(server.url()).build());

        assertThat(runs.last().bodyText()).isEqualTo("hello");
    }

    @Test
    void aDiscardedBodyIsReadButNotKept() {
        Runs runs = Runs.once(http, http.get("/big").discardBody()::run);

        assertThat(runs.last().status()).isEqualTo(200);
        assertThat(runs.last().body()).isEmpty();
        assertThat(runs.summary.metric("data_received").count()).isGreaterThan(100_000);
    }
}
