package dev.loadkit.grpc;

import dev.loadkit.core.RunSummary;
import dev.loadkit.grpc.test.CountRequest;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound fails any blocking call made on a Netty event loop (where grpc-java calls the driver back) or a
 * Reactor non-blocking thread. A bidi stream of 10,000 messages, sent as flow control allows and correlated
 * with their replies, beside unary and server-streaming calls, must make none, and lose no message.
 */
class GrpcNonBlockingTest {

    private static final int MESSAGES = 10_000;
    /** Blocking calls seen, with the stack that made them. */
    private static final List<String> BLOCKING_CALLS = new CopyOnWriteArrayList<>();

    @Test
    void aLongBidiStreamBlocksNoEventLoopAndLosesNoMessage() throws Exception {
        BlockHound.builder().blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            BLOCKING_CALLS.add(stack.toString());
            throw error;
        }).install();
        try (EchoServer server = EchoServer.plaintext()) {
            Grpc grpc = Grpc.builder().target(server.target()).build();
            GrpcCall<EchoRequest, EchoReply> chat = grpc.call(EchoGrpc.getChatMethod()).name("chat")
                    .correlate(EchoRequest::getId, EchoReply::getId).check(GrpcChecks.messageCount().is((long) MESSAGES));
            GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod()).name("say")
                    .check(GrpcChecks.jsonPointer("/text").saveAs("text"));
            GrpcCall<CountRequest, EchoReply> count = grpc.call(EchoGrpc.getCountMethod()).name("count");

            RunSummary summary = GrpcRuns.iterations(grpc, 1, 1, session -> say.run(session, EchoRequest.newBuilder().setText("a").build())
                    .then(count.run(session, CountRequest.newBuilder().setCount(100).build()))
                    .then(chat.run(session, Flux.range(0, MESSAGES)
                            .map(i -> EchoRequest.newBuilder().setId(Integer.toString(i)).setText("message").build()))));

            assertThat(BLOCKING_CALLS).isEmpty();
            assertThat(summary.errors()).isEmpty();
            assertThat(server.chatMessages()).isEqualTo(MESSAGES);
            // The server stream's one request counts too.
            assertThat(summary.metric("grpc_stream_msgs_sent").count()).isEqualTo(MESSAGES + 1);
            assertThat(summary.metric("grpc_stream_msgs_received").count()).isEqualTo(MESSAGES + 100);
            assertThat(summary.metric("grpc_stream_msg_latency").distribution().count()).isEqualTo(MESSAGES);
        }
    }
}
