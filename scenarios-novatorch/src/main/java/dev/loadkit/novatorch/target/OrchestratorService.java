package dev.loadkit.novatorch.target;

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
import dev.loadkit.redis.RedisStream;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The simulated orchestrator: it keeps the registered agents, assigns each task to one of them in turn, and
 * relays every message through the bus's streams with the stamp of the call that caused it. Every call is
 * answered once the bus has taken the message, so a slow bus slows the API as it would in Nova-Torch.
 * Non-blocking: the bus is called asynchronously and the configured delay is a scheduled answer.
 */
final class OrchestratorService extends OrchestratorGrpc.OrchestratorImplBase {

    private final RedisStreamAsyncCommands<String, String> bus;
    private final ScheduledExecutorService timer;
    private final TargetSettings settings;
    /** In the order they registered, for assigning in turn; {@link #registered} answers membership. */
    private final List<String> agents = new CopyOnWriteArrayList<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextAgent = new AtomicLong();
    private final AtomicLong assigned = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();

    OrchestratorService(RedisStreamAsyncCommands<String, String> bus, ScheduledExecutorService timer, TargetSettings settings) {
        this.bus = bus;
        this.timer = timer;
        this.settings = settings;
    }

    @Override
    public void registerAgent(RegisterAgentRequest request, StreamObserver<RegisterAgentReply> reply) {
        answer(reply, () -> {
            String id = "agent-" + nextAgent.incrementAndGet();
            registered.add(id);
            agents.add(id);
            finish(reply, RegisterAgentReply.newBuilder().setAgentId(id).build());
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<Ack> reply) {
        answer(reply, () -> {
            if (unknownAgent(request.getAgentId(), reply)) {
                return;
            }
            relay(reply, Streams.EVENTS, "agent_heartbeat", request.getSentUs(), Map.of("agent", request.getAgentId()),
                    id -> Ack.newBuilder().setMessageId(id).build());
        });
    }

    @Override
    public void assignTask(AssignTaskRequest request, StreamObserver<AssignTaskReply> reply) {
        answer(reply, () -> {
            if (agents.isEmpty()) {
                reply.onError(Status.FAILED_PRECONDITION.withDescription("no agent is registered").asRuntimeException());
                return;
            }
            String agent = agents.get((int) (assigned.getAndIncrement() % agents.size()));
            relay(reply, Streams.TASKS, "task_assignment", request.getSentUs(),
                    Map.of("task", request.getTaskId(), "agent", agent, "kind", request.getKind(), "payload", request.getPayload()),
                    id -> AssignTaskReply.newBuilder().setAgentId(agent).setMessageId(id).build());
        });
    }

    @Override
    public void completeTask(CompleteTaskRequest request, StreamObserver<Ack> reply) {
        answer(reply, () -> {
            if (unknownAgent(request.getAgentId(), reply)) {
                return;
            }
            completed.incrementAndGet();
            relay(reply, Streams.EVENTS, "task_completion", request.getSentUs(),
                    Map.of("task", request.getTaskId(), "agent", request.getAgentId(), "succeeded", String.valueOf(request.getSucceeded())),
                    id -> Ack.newBuilder().setMessageId(id).build());
        });
    }

    @Override
    public void requestCollaboration(CollaborationRequest request, StreamObserver<CollaborationReply> reply) {
        answer(reply, () -> {
            if (agents.size() < 2) {
                reply.onError(Status.FAILED_PRECONDITION.withDescription("no other agent is registered").asRuntimeException());
                return;
            }
            String helper;
            do {
                helper = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
            } while (helper.equals(request.getAgentId()));
            String chosen = helper;
            relay(reply, Streams.COLLABORATION, "collaboration_request", request.getSentUs(),
                    Map.of("from", request.getAgentId(), "to", chosen, "topic", request.getTopic()),
                    id -> CollaborationReply.newBuilder().setHelperId(chosen).build());
        });
    }

    @Override
    public void broadcast(BroadcastRequest request, StreamObserver<Ack> reply) {
        answer(reply, () -> relay(reply, Streams.BROADCAST, "broadcast", request.getSentUs(),
                Map.of("sender", request.getSender(), "text", request.getText()), id -> Ack.newBuilder().setMessageId(id).build()));
    }

    @Override
    public void getSystemStatus(SystemStatusRequest request, StreamObserver<SystemStatus> reply) {
        answer(reply, () -> {
            long assignedNow = assigned.get();
            long completedNow = completed.get();
            SystemStatus status = SystemStatus.newBuilder().setAgents(agents.size()).setTasksAssigned(assignedNow)
                    .setTasksCompleted(completedNow).setTasksOpen(Math.max(0, assignedNow - completedNow)).build();
            relay(reply, Streams.EVENTS, "system_status", request.getSentUs(),
                    Map.of("agents", String.valueOf(status.getAgents()), "open", String.valueOf(status.getTasksOpen())), id -> status);
        });
    }

    /** Fails the call with NOT_FOUND when the agent never registered. */
    private boolean unknownAgent(String agentId, StreamObserver<?> reply) {
        if (registered.contains(agentId)) {
            return false;
        }
        reply.onError(Status.NOT_FOUND.withDescription("agent " + agentId + " is not registered").asRuntimeException());
        return true;
    }

    /** Answers after the configured delay, or fails the call as often as configured. */
    private void answer(StreamObserver<?> reply, Runnable work) {
        if (settings.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.errorRate()) {
            reply.onError(Status.UNAVAILABLE.withDescription("simulated failure (target.errorRate)").asRuntimeException());
            return;
        }
        Duration delay = settings.delay();
        if (delay.isZero()) {
            work.run();
        } else {
            timer.schedule(work, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Adds the message to its stream, stamped with its caller's time, then answers. */
    private <R> void relay(StreamObserver<R> reply, String stream, String type, long sentMicros, Map<String, String> fields,
                           Function<String, R> answer) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put(Streams.TYPE, type);
        message.put(RedisStream.STAMP_FIELD, String.valueOf(sentMicros > 0 ? sentMicros : RedisStream.stamp()));
        message.putAll(fields);
        bus.xadd(stream, XAddArgs.Builder.maxlen(Streams.MAX_LENGTH).approximateTrimming(), message)
                .whenComplete((id, error) -> {
                    if (error != null) {
                        reply.onError(Status.UNAVAILABLE.withDescription("message bus: " + error.getMessage()).asRuntimeException());
                    } else {
                        finish(reply, answer.apply(id));
                    }
                });
    }

    private static <R> void finish(StreamObserver<R> reply, R value) {
        reply.onNext(value);
        reply.onCompleted();
    }
}
