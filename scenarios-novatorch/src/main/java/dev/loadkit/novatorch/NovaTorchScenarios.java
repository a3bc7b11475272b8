package dev.loadkit.novatorch;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.grpc.Grpc;
import dev.loadkit.grpc.GrpcCall;
import dev.loadkit.grpc.GrpcResponse;
import dev.loadkit.novatorch.proto.Ack;
import dev.loadkit.novatorch.proto.AssignTaskReply;
import dev.loadkit.novatorch.proto.AssignTaskRequest;
import dev.loadkit.novatorch.proto.BroadcastRequest;
import dev.loadkit.novatorch.proto.CollaborationReply;
import dev.loadkit.novatorch.proto.CollaborationRequest;
import dev.loadkit.novatorch.proto.CompleteTaskRequest;
import dev.loadkit.novatorch.proto.HeartbeatRequest;
import dev.loadkit.novatorch.proto.OrchestratorGrpc;
import dev.loadkit.novatorch.proto.RegisterAgentReply;
import dev.loadkit.novatorch.proto.RegisterAgentRequest;
import dev.loadkit.novatorch.proto.SystemStatus;
import dev.loadkit.novatorch.proto.SystemStatusRequest;
import dev.loadkit.novatorch.target.NovaTorchTarget;
import dev.loadkit.novatorch.target.Streams;
import dev.loadkit.novatorch.target.TargetSettings;
import dev.loadkit.redis.Redis;
import dev.loadkit.redis.RedisStream;
import dev.loadkit.redis.StreamGroup;
import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Nova-Torch scenarios, written with loadkit's public API as any user would. Three user classes load
 * the orchestrator's gRPC API and its message bus: orchestrators assign tasks and watch the events stream,
 * agents register, beat, execute and complete the tasks they read from the tasks stream and help each
 * other, and a few stress users fire bursts. Each of the six message types is a gRPC request of its own
 * name ({@code task_assignment}, ...), and its relayed message's latency from that call to the consumer
 * that read it is {@code stream_msg_latency{type:...}}. Without an environment or {@code --host}, each run
 * starts the embedded target and stops it at the end.
 */
public final class NovaTorchScenarios {

    /** The variable (and the jar's {@code --redis} option) that names the message bus. */
    public static final String BUS_VARIABLE = "redis";

    private static final Duration READ_BLOCK = Duration.ofMillis(100);

    private final Grpc grpc = Grpc.builder().target("grpc://127.0.0.1:50051").plaintext()
            .deadline(Duration.ofSeconds(10)).build();
    private final Redis redis = Redis.builder().uri("redis://127.0.0.1:6379").uriVariable(BUS_VARIABLE)
            .commandTimeout(Duration.ofSeconds(5)).build();

    private final GrpcCall<RegisterAgentRequest, RegisterAgentReply> register =
            grpc.call(OrchestratorGrpc.getRegisterAgentMethod()).name("register_agent");
    private final GrpcCall<HeartbeatRequest, Ack> heartbeat = grpc.call(OrchestratorGrpc.getHeartbeatMethod()).name("agent_heartbeat");
    /** Until an agent has registered, the orchestrator answers FAILED_PRECONDITION: an answer, not a failure. */
    private final GrpcCall<AssignTaskRequest, AssignTaskReply> assign = grpc.call(OrchestratorGrpc.getAssignTaskMethod())
            .name("task_assignment").expectStatus(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
    private final GrpcCall<CompleteTaskRequest, Ack> complete = grpc.call(OrchestratorGrpc.getCompleteTaskMethod()).name("task_completion");
    /** An agent alone has nobody to ask: FAILED_PRECONDITION is an answer, not a failure. */
    private final GrpcCall<CollaborationRequest, CollaborationReply> collaborate =
            grpc.call(OrchestratorGrpc.getRequestCollaborationMethod()).name("collaboration_request")
                    .expectStatus(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
    private final GrpcCall<BroadcastRequest, Ack> broadcast = grpc.call(OrchestratorGrpc.getBroadcastMethod()).name("broadcast");
    private final GrpcCall<SystemStatusRequest, SystemStatus> status = grpc.call(OrchestratorGrpc.getGetSystemStatusMethod()).name("system_status");

    /**
     * Each message's latency is tagged with its type, so that each type has its own series. Groups made by a
     * run start at its first read ({@code $}): a bus that outlives runs never hands one the last run's messages.
     */
    private final StreamGroup taskReaders = group(Streams.TASKS, "agents");
    private final StreamGroup eventReaders = group(Streams.EVENTS, "orchestrators");
    private final StreamGroup helpers = group(Streams.COLLABORATION, "collaborators");
    /** One group: a broadcast's latency is to the first agent that reads it. */
    private final StreamGroup listeners = group(Streams.BROADCAST, "listeners");

    private StreamGroup group(String stream, String name) {
        return redis.stream(stream).maxLen(Streams.MAX_LENGTH).group(name).startAt("$").tagLatencyBy(Streams.TYPE);
    }

    // ----- user classes -----

    /** Task assignment and management, system coordination. */
    UserClass orchestrator() {
        return UserClass.named("NovaOrchestratorUser").weight(3)
                .task(Task.of("assign task", this::assignTask).weight(5).tags("grpc", "tasks"))
                .task(Task.of("watch events", session -> consume(session, eventReaders, "orchestrator-" + session.userId(), 20)).weight(3).tags("streams"))
                .task(Task.of("system status", session -> status.run(session,
                        SystemStatusRequest.newBuilder().setSentUs(RedisStream.stamp()).build())).weight(1).tags("grpc"))
                .task(Task.of("broadcast", session -> broadcast.run(session, BroadcastRequest.newBuilder()
                        .setSender("orchestrator-" + session.userId()).setText("rebalance").setSentUs(RedisStream.stamp()).build()))
                        .weight(1).tags("grpc"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(100), Duration.ofMillis(300)))
                .build();
    }

    /** Registration, heartbeats, executing and completing tasks, collaboration with other agents. */
    UserClass agent() {
        return agentNamed("NovaAgentUser", 10)
                // An agent mostly waits for work, as Nova-Torch's agents do between their beats.
                .task(Task.of("execute tasks", this::executeTasks).weight(6).tags("streams", "tasks"))
                .task(Task.of("heartbeat", session -> heartbeat.run(session, HeartbeatRequest.newBuilder()
                        .setAgentId(session.getString("agentId")).setSentUs(RedisStream.stamp()).build())).weight(2).tags("grpc"))
                .task(Task.of("collaborate", this::collaborate).weight(1).tags("grpc", "streams"))
                .task(Task.of("listen", session -> consume(session, listeners, "{agentId}", 20)).weight(2).tags("streams"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(50), Duration.ofMillis(150)))
                .build();
    }

    /** Rapid message bursts, to find the system's limits. */
    UserClass systemStress() {
        return UserClass.named("NovaSystemStressUser").weight(1)
                .task(Task.of("broadcast burst", session -> Flux.range(0, 10)
                        .flatMap(i -> broadcast.run(session, BroadcastRequest.newBuilder().setSender("stress-" + session.userId())
                                .setText("burst " + i).setSentUs(RedisStream.stamp()).build()), 10)
                        .then()).weight(3).tags("grpc", "burst"))
                .task(Task.of("status burst", session -> Flux.range(0, 10)
                        .flatMap(i -> status.run(session, SystemStatusRequest.newBuilder().setSentUs(RedisStream.stamp()).build()), 10)
                        .then()).weight(1).tags("grpc", "burst"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(100), Duration.ofMillis(300)))
                .build();
    }

    /** Agents that only ask each other for help, for {@code collaboration-stress}. */
    UserClass collaboratingAgent() {
        return agentNamed("NovaCollaboratingAgent", 1)
                .task(Task.of("collaborate", this::collaborate).tags("grpc", "streams"))
                .build();
    }

    private UserClass.Builder agentNamed(String name, int weight) {
        return UserClass.named(name).weight(weight)
                .onStart(session -> register.run(session, RegisterAgentRequest.newBuilder().setName("agent-" + session.userId())
                                .addCapabilities("compute").build())
                        .doOnNext(reply -> session.set("agentId", reply.failed() ? "unregistered-" + session.userId()
                                : reply.message().getAgentId())));
    }

    // ----- flows -----

    private Mono<GrpcResponse<AssignTaskReply>> assignTask(Session session) {
        return assign.run(session, AssignTaskRequest.newBuilder()
                .setTaskId("task-" + session.userId() + "-" + session.random().nextInt(Integer.MAX_VALUE))
                .setKind("inference").setPayload("{\"model\": \"torch\"}").setSentUs(RedisStream.stamp()).build());
    }

    /** Reads assigned tasks, completes each through the orchestrator, then acknowledges them. */
    private Mono<?> executeTasks(Session session) {
        return taskReaders.read(session, "{agentId}", 5, READ_BLOCK)
                .flatMap(tasks -> Flux.fromIterable(tasks)
                        .concatMap(task -> complete.run(session, CompleteTaskRequest.newBuilder()
                                .setAgentId(session.getString("agentId"))
                                .setTaskId(task.field("task").orElse(""))
                                .setSucceeded(true).setSentUs(RedisStream.stamp()).build()))
                        .then(taskReaders.ack(session, tasks)));
    }

    /** Asks the orchestrator for a helper, and helps with the requests that came in. */
    private Mono<?> collaborate(Session session) {
        return collaborate.run(session, CollaborationRequest.newBuilder().setAgentId(session.getString("agentId"))
                        .setTopic("shard-" + session.random().nextInt(16)).setSentUs(RedisStream.stamp()).build())
                .then(consume(session, helpers, "{agentId}", 10));
    }

    private static Mono<?> consume(Session session, StreamGroup group, String consumer, int count) {
        return group.read(session, consumer, count, READ_BLOCK).flatMap(entries -> group.ack(session, entries));
    }

    // ----- scenarios -----

    /** Every user class at its weight; the profiles give the load. */
    LoadTest mixed() {
        return test("mixed", Workload.users(20, 5, Duration.ofMinutes(5)), orchestrator(), agent(), systemStress())
                .threshold("grpc_req_failed: rate<0.01")
                .build();
    }

    /** Agents join in waves while orchestrators assign tasks, until the assignment latency breaks. */
    LoadTest agentScaling() {
        Stage[] waves = new Stage[12];
        for (int wave = 0; wave < 6; wave++) {
            long users = 20L << wave;
            waves[2 * wave] = Stage.of(Duration.ofSeconds(10), users);
            waves[2 * wave + 1] = Stage.of(Duration.ofSeconds(50), users);
        }
        return test("agent-scaling", Workload.rampingUsers(waves), orchestrator(), agent())
                .threshold("grpc_req_duration{name:task_assignment}: p(95)<500, abortOnFail, delayAbortEval=30s")
                .threshold("stream_msg_latency{type:task_assignment}: p(95)<1000")
                .build();
    }

    /** Agents asking each other for help at a growing rate. */
    LoadTest collaborationStress() {
        Workload growing = Workload.rampingArrivalRate(5, 500, Stage.of(Duration.ofMinutes(1), 50),
                Stage.of(Duration.ofMinutes(2), 200), Stage.of(Duration.ofMinutes(1), 200));
        return test("collaboration-stress", growing, collaboratingAgent())
                .threshold("grpc_req_duration{name:collaboration_request}: p(95)<500")
                .threshold("stream_msg_latency{type:collaboration_request}: p(95)<1000")
                .threshold("grpc_req_failed: rate<0.01")
                .build();
    }

    private LoadTest.Builder test(String name, Workload workload, UserClass... classes) {
        AtomicReference<NovaTorchTarget> embedded = new AtomicReference<>();
        return LoadTest.named("nova-torch " + name)
                .users(classes)
                .protocol(grpc)
                .protocol(redis)
                .workload(workload)
                .gracefulStop(Duration.ofSeconds(10))
                .setUp(context -> Mono.fromSupplier(() -> startTargetIfNone(context, embedded)))
                .tearDown(context -> Mono.fromRunnable(() -> {
                    NovaTorchTarget target = embedded.getAndSet(null);
                    if (target != null) {
                        target.close();
                    }
                }));
    }

    /**
     * Starts the embedded target when the run names no environment and no host; its bus is the
     * {@code --redis} server when one is given, else a {@code redis-server} it starts. A run aimed elsewhere
     * must say where its bus is.
     */
    private static RunContext startTargetIfNone(RunContext context, AtomicReference<NovaTorchTarget> embedded) {
        TargetSettings settings = TargetSettings.of(context.variables());
        if (context.host().isPresent() || context.environment().isPresent()) {
            if (context.variable(BUS_VARIABLE).isEmpty()) {
                throw new ConfigurationException("the run targets " + context.host().orElse("environment "
                        + context.environment().orElse("")) + " but names no message bus: give --redis redis://HOST:PORT "
                        + "or the environment's env: {redis: ...}");
            }
            return context;
        }
        NovaTorchTarget target = NovaTorchTarget.start(0, context.variable(BUS_VARIABLE).orElse(null), settings);
        embedded.set(target);
        return context.withHost(target.grpcTarget()).withVariable(BUS_VARIABLE, target.busUri());
    }
}
