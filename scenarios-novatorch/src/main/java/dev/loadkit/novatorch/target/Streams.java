package dev.loadkit.novatorch.target;

/**
 * The streams of Nova-Torch's message bus, and the message types each carries. Every message has a
 * {@code type} field and the stamp of the call that caused it ({@code RedisStream.STAMP_FIELD}).
 */
public final class Streams {

    /** {@code task_assignment}: the orchestrator to the agents, read by the agents' group. */
    public static final String TASKS = "nova:tasks";
    /** {@code task_completion}, {@code agent_heartbeat}, {@code system_status}: to the orchestrators. */
    public static final String EVENTS = "nova:events";
    /** {@code collaboration_request}: one agent to another. */
    public static final String COLLABORATION = "nova:collaboration";
    /** {@code broadcast}: to every agent. */
    public static final String BROADCAST = "nova:broadcast";

    /** The field that names a message's type. */
    public static final String TYPE = "type";

    /** How many entries each stream keeps ({@code MAXLEN ~}), so that a soak does not fill the bus's memory. */
    public static final long MAX_LENGTH = 100_000;

    private Streams() {
    }
}
