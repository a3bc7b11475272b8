package dev.loadkit.grpc;

import com.google.protobuf.DynamicMessage;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.ErrorKinds;
import dev.loadkit.grpc.test.CountRequest;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loadkit.grpc.GrpcChecks.jsonPointer;
import static dev.loadkit.grpc.GrpcChecks.messageCount;
import static dev.loadkit.grpc.GrpcChecks.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of call against a real grpc-java server on loopback TCP: counts, metadata, checks, statuses, deadlines. */
class GrpcCallTest {

    private static EchoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EchoServer.plaintext();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    private static Grpc grpc() {
        return Grpc.builder().target(server.target()).build();
    }

    private static EchoRequest say(String text) {
        return EchoRequest.newBuilder().setText(text).build();
    }

    @Test
    void unaryCallsAreCountedWithTheirMetadataAndChecks() {
        long before = server.calls("Say");
        GrpcCall<EchoRequest, EchoReply> call = grpc().call(EchoGrpc.getSayMethod()).name("say")
                .metadata("x-user", "user-{user}")
                .check(status().is(Status.Code.OK), jsonPointer("/text").is("hello"));
        UserClass user = UserClass.named("user")
                .onStart(session -> Mono.fromRunnable(() -> session.set("user", session.userId())))
                .task("say", session -> call.run(session, say("hello"))
                        .doOnNext(response -> session.set("seen", response.message().getUser())))
                .build();

        RunSummary summary = GrpcRuns.run(grpc(), user, Workload.perUserIterations(2, 5, Duration.ofMinutes(1)),
                Duration.ofSeconds(30), RunOptions.builder().build());

        assertThat(server.calls("Say") - before).isEqualTo(10);
        assertThat(summary.metric("grpc_reqs").count()).isEqualTo(10);
        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
        assertThat(summary.metric("checks").trues()).isEqualTo(20);
        assertThat(summary.errors()).isEmpty();
        assertThat(summary.requests()).extracting(dev.loadkit.core.RequestResult::name).containsExactly("say");
    }

    @Test
    void theServerSeesEachUsersMetadata() {
        AtomicReference<String> seen = new AtomicReference<>();
        GrpcCall<EchoRequest, EchoReply> call = grpc().call(EchoGrpc.getSayMethod()).metadata("x-user", "{who}");
        UserClass user = UserClass.named("user")
                .onStart(session -> Mono.fromRunnable(() -> session.set("who", "ada")))
                .task("say", session -> call.run(session, say("x")).doOnNext(response -> seen.set(response.message().getUser())))
                .build();

        GrpcRuns.run(grpc(), user, Workload.perUserIterations(1, 1, Duration.ofMinutes(1)), Duration.ofSeconds(30),
                RunOptions.builder().build());

        assertThat(seen.get()).isEqualTo("ada");
    }

    @Test
    void aServerStreamCountsItsMessages() {
        GrpcCall<CountRequest, EchoReply> count = grpc().call(EchoGrpc.getCountMethod()).name("count")
                .check(messageCount().is(7L), jsonPointer("/6/id").is("n6"));

        RunSummary summary = GrpcRuns.iterations(grpc(), 2, 3,
                session -> count.run(session, CountRequest.newBuilder().setCount(7).setDelayMs(1).build()));

        assertThat(summary.metric("grpc_reqs").count()).isEqualTo(6);
        assertThat(summary.metric("grpc_streams").count()).isEqualTo(6);
        assertThat(summary.metric("grpc_stream_msgs_received").count()).isEqualTo(42);
        assertThat(summary.metric("checks").falses()).isZero();
        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
    }

    @Test
    void aClientStreamSendsEveryMessageBeforeItsReply() {
        GrpcCall<EchoRequest, dev.loadkit.grpc.test.CollectReply> collect = grpc().call(EchoGrpc.getCollectMethod())
                .name("collect").check(jsonPointer("/count").is(4L), jsonPointer("/joined").is("abcd"));

        RunSummary summary = GrpcRuns.iterations(grpc(), 1, 3,
                session -> collect.run(session, Flux.just("a", "b", "c", "d").map(GrpcCallTest::say)));

        assertThat(summary.metric("grpc_reqs").count()).isEqualTo(3);
        assertThat(summary.metric("grpc_stream_msgs_sent").count()).isEqualTo(12);
        assertThat(summary.metric("checks").falses()).isZero();
    }

    @Test
    void clientStreamsStartedOnFreshConnectionsAllComplete() {
        // Each arrival may start its call before the connection is ready, or be ready before its requests
        // are subscribed: whichever comes first, every message is sent and every call completes.
        GrpcCall<DynamicMessage, DynamicMessage> collect = grpc().dynamic("loadkit.test.Echo/Collect")
                .json("[{\"text\": \"a\"}, {\"text\": \"b\"}]");
        UserClass user = UserClass.named("user").task("collect", collect::run).build();

        RunSummary summary = GrpcRuns.run(grpc(), user, Workload.constantArrivalRate(20, Duration.ofSeconds(2), 10),
                Duration.ofSeconds(30), RunOptions.builder().build());

        long calls = summary.metric("grpc_reqs").count();
        assertThat(calls + summary.metric("dropped_iterations").count()).isEqualTo(40);
        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
        assertThat(summary.metric("grpc_stream_msgs_sent").count()).isEqualTo(2 * calls);
    }

    @Test
    void aBidiStreamCorrelatesEachReplyWithItsRequest() {
        GrpcCall<EchoRequest, EchoReply> chat = grpc().call(EchoGrpc.getChatMethod()).name("chat")
                .correlate(EchoRequest::getId, EchoReply::getId)
                .check(messageCount().is(100L));

        RunSummary summary = GrpcRuns.iterations(grpc(), 2, 2, session -> chat.run(session,
                Flux.range(0, 100).map(i -> EchoRequest.newBuilder().setId("m" + i).setText("t").build())));

        assertThat(summary.metric("grpc_reqs").count()).isEqualTo(4);
        assertThat(summary.metric("grpc_stream_msgs_sent").count()).isEqualTo(400);
        assertThat(summary.metric("grpc_stream_msgs_received").count()).isEqualTo(400);
        assertThat(summary.metric("grpc_stream_msg_latency").distribution().count()).isEqualTo(400);
        assertThat(summary.metric("checks").falses()).isZero();
    }

    @Test
    void anUnexpectedStatusFailsTheCallOnceUnderItsCode() {
        GrpcCall<EchoRequest, EchoReply> call = grpc().call(EchoGrpc.getSayMethod()).name("missing")
                .check(jsonPointer("/text").exists());

        RunSummary summary = GrpcRuns.iterations(grpc(), 1, 3,
                session -> call.run(session, EchoRequest.newBuilder().setFailCode(Status.Code.NOT_FOUND.value()).build()));

        assertThat(summary.metric("grpc_req_failed").trues()).isEqualTo(3);
        assertThat(GrpcRuns.errorsOf(summary, "missing")).extracting(ErrorCount::kind, ErrorCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NOT_FOUND", 3L));
        assertThat(summary.metric("checks").falses()).isEqualTo(3);
    }

    @Test
    void anExpectedStatusIsASuccess() {
        GrpcCall<EchoRequest, EchoReply> call = grpc().call(EchoGrpc.getSayMethod()).expectStatus(Status.Code.NOT_FOUND);

        RunSummary summary = GrpcRuns.iterations(grpc(), 1, 2,
                session -> call.run(session, EchoRequest.newBuilder().setFailCode(Status.Code.NOT_FOUND.value()).build()));

        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
        assertThat(summary.errors()).isEmpty();
    }

    @Test
    void aCallPastItsDeadlineFailsAtTheDeadline() {
        GrpcCall<EchoRequest, EchoReply> slow = grpc().call(EchoGrpc.getSayMethod()).name("slow")
                .deadline(Duration.ofMillis(300));

        RunSummary summary = GrpcRuns.iterations(grpc(), 1, 2,
                session -> slow.run(session, EchoRequest.newBuilder().setDelayMs(20_000).build()));

        assertThat(GrpcRuns.errorsOf(summary, "slow")).extracting(ErrorCount::kind).containsExactly("DEADLINE_EXCEEDED");
        assertThat(summary.metric("grpc_req_failed").trues()).isEqualTo(2);
        // Ended by the deadline, long before the server's answer would have come.
        assertThat(summary.metric("grpc_req_duration").distribution().min()).isGreaterThanOrEqualTo(300);
        assertThat(summary.metric("grpc_req_duration").distribution().max()).isLessThan(20_000);
    }

    @Test
    void aCallCutByTheEndOfTheRunIsCountedAsInterrupted() {
        GrpcCall<EchoRequest, EchoReply> hanging = grpc().call(EchoGrpc.getSayMethod()).name("hanging");
        UserClass user = UserClass.named("user")
                .task("hang", session -> hanging.run(session, EchoRequest.newBuilder().setDelayMs(60_000).build())).build();

        RunSummary summary = GrpcRuns.run(grpc(), user, Workload.constantUsers(2, Duration.ofMillis(500)), Duration.ZERO,
                RunOptions.builder().build());

        // Each user's call (one each, unless a busy machine started one after the end) is counted, failed.
        assertThat(summary.metric("grpc_reqs").count()).isBetween(1L, 2L);
        assertThat(summary.metric("grpc_req_failed").trues()).isEqualTo(summary.metric("grpc_reqs").count());
        assertThat(GrpcRuns.errorsOf(summary, "hanging")).extracting(ErrorCount::kind).containsExactly(ErrorKinds.INTERRUPTED);
        assertThat(summary.passed()).isFalse();
    }

    @Test
    void hostOverridesTheTargetInTheCode() {
        long before = server.calls("Say");
        Grpc elsewhere = Grpc.builder().target("grpc://127.0.0.1:1").build();
        GrpcCall<EchoRequest, EchoReply> call = elsewhere.call(EchoGrpc.getSayMethod());

        RunSummary summary = GrpcRuns.run(elsewhere, UserClass.named("user").task("say", session -> call.run(session, say("x"))).build(),
                Workload.perUserIterations(1, 4, Duration.ofMinutes(1)), Duration.ofSeconds(30),
                RunOptions.builder().host(server.target()).build());

        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
        assertThat(server.calls("Say") - before).isEqualTo(4);
    }

    @Test
    void dynamicCallsFindTheirSchemaByReflection() {
        GrpcCall<DynamicMessage, DynamicMessage> call = grpc().dynamic("loadkit.test.Echo/Say").name("dynamic say")
                .json("{\"text\": \"{word}\", \"id\": \"d1\"}")
                .check(jsonPointer("/text").is("quote\"d"), jsonPointer("/id").saveAs("id"));
        UserClass user = UserClass.named("user")
                .onStart(session -> Mono.fromRunnable(() -> session.set("word", "quote\"d")))
                .task("say", call::run).build();

        RunSummary summary = GrpcRuns.run(grpc(), user, Workload.perUserIterations(2, 2, Duration.ofMinutes(1)),
                Duration.ofSeconds(30), RunOptions.builder().build());

        assertThat(summary.metric("grpc_reqs").count()).isEqualTo(4);
        assertThat(summary.metric("checks").falses()).isZero();
        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
    }

    @Test
    void dynamicStreamsFromADescriptorSetSendAJsonArrayAsMessages() {
        Grpc described = Grpc.builder().target(server.target()).descriptorSet(descriptorSet()).build();
        GrpcCall<DynamicMessage, DynamicMessage> chat = described.dynamic("loadkit.test.Echo.Chat")
                .json("[{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}]")
                .check(messageCount().is(3L), jsonPointer("/2/id").is("c"));

        RunSummary summary = GrpcRuns.iterations(described, 1, 2, chat::run);

        assertThat(summary.metric("grpc_stream_msgs_sent").count()).isEqualTo(6);
        assertThat(summary.metric("checks").falses()).isZero();
    }

    @Test
    void aMethodMissingFromTheDescriptorSetFailsWhereItIsDefined() {
        Grpc described = Grpc.builder().target(server.target()).descriptorSet(descriptorSet()).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> described.dynamic("loadkit.test.Echo/Shout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no method Shout").hasMessageContaining("Say");
    }

    static Path descriptorSet() {
        return Path.of("target", "test-classes", "echo.protoset");
    }

    @Test
    void responsesOfTypedCallsReadAsJson() {
        AtomicReference<GrpcResponse<EchoReply>> kept = new AtomicReference<>();
        GrpcCall<EchoRequest, EchoReply> call = grpc().call(EchoGrpc.getSayMethod());

        GrpcRuns.iterations(grpc(), 1, 1, session -> call.run(session, EchoRequest.newBuilder().setText("j").setId("7").build())
                .doOnNext(kept::set));

        assertThat(kept.get().json().get("id").asText()).isEqualTo("7");
        assertThat(kept.get().messages()).hasSize(1);
        assertThat(List.of(kept.get().status())).containsExactly(Status.Code.OK);
    }
}
