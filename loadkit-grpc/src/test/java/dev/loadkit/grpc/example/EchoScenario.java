package dev.loadkit.grpc.example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.grpc.Grpc;
import dev.loadkit.grpc.GrpcCall;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static dev.loadkit.grpc.GrpcChecks.jsonPointer;
import static dev.loadkit.grpc.GrpcChecks.messageCount;
import static dev.loadkit.grpc.GrpcChecks.status;

/** A complete gRPC scenario with generated stubs: a unary call and a bidi stream, checked and with thresholds. */
public final class EchoScenario {

    private EchoScenario() {
    }

    /**
     * The test: callers say hello, chatters keep a bidi stream of 20 messages, each reply paired with its request.
     *
     * @return the test
     */
    public static LoadTest loadTest() {
        Grpc grpc = Grpc.builder()
                .target("grpc://127.0.0.1:50051")            // --host grpc://HOST:PORT overrides it
                .deadline(Duration.ofSeconds(5))
                .build();
        GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod())
                .name("say")
                .metadata("x-user", "user-{userId}")
                .check(status().is(Status.Code.OK), jsonPointer("/user").saveAs("servedAs"));
        GrpcCall<EchoRequest, EchoReply> chat = grpc.call(EchoGrpc.getChatMethod())
                .name("chat")
                .correlate(EchoRequest::getId, EchoReply::getId)   // records grpc_stream_msg_latency per reply
                .check(messageCount().is(20L));

        UserClass caller = UserClass.named("caller").weight(3)
                .onStart(session -> Mono.fromRunnable(() -> session.set("userId", session.userId())))
                .task("say", session -> say.run(session, EchoRequest.newBuilder().setText("hello").build()))
                .thinkTime(ThinkTime.between(Duration.ofMillis(50), Duration.ofMillis(150)))
                .build();
        UserClass chatter = UserClass.named("chatter").weight(1)
                .task("chat", session -> chat.run(session, Flux.range(0, 20)
                        .map(i -> EchoRequest.newBuilder().setId(session.userId() + "-" + i).setText("ping").build())))
                .thinkTime(ThinkTime.constant(Duration.ofMillis(100)))
                .build();

        return LoadTest.named("echo")
                .users(caller, chatter)
                .protocol(grpc)
                .workload(Workload.constantUsers(8, Duration.ofSeconds(10)))
                .threshold("grpc_req_failed: rate<0.01")
                .threshold("grpc_req_duration{name:say}: p(95)<500")
                .build();
    }

    /**
     * Runs the scenario with the shared command line, such as {@code --host grpc://127.0.0.1:50051 --users 20}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        loadTest().run(args);
    }
}
