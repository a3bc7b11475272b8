package dev.loadkit.redis.internal;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Any reply as Java values, for commands of any name: text as {@code String}, integers as {@code Long},
 * doubles, booleans, arrays (nested) as {@code List}, nil as null. Lettuce's own outputs each expect one
 * shape of reply.
 */
public final class ReplyOutput extends CommandOutput<String, String, Object> {

    /** The arrays being filled, innermost first; made at the first array (most replies have none). */
    private Deque<List<Object>> open;

    /** An empty output. */
    public ReplyOutput() {
        super(StringCodec.UTF8, null);
    }

    private void add(Object value) {
        if (open == null || open.isEmpty()) {
            output = value;
        } else {
            open.peek().add(value);
        }
    }

    @Override
    public void set(ByteBuffer bytes) {
        add(bytes == null ? null : codec.decodeValue(bytes));
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        add(bytes == null ? null : codec.decodeValue(bytes));
    }

    @Override
    public void set(long integer) {
        add(integer);
    }

    @Override
    public void set(double number) {
        add(number);
    }

    @Override
    public void set(boolean value) {
        add(value);
    }

    @Override
    public void multi(int count) {
        if (count < 0) {
            add(null);
            return;
        }
        List<Object> array = new ArrayList<>(count);
        add(array);
        if (count > 0) {
            if (open == null) {
                open = new ArrayDeque<>();
            }
            open.push(array);
        }
    }

    /**
     * An element ended; {@code depth} is the decoder's nesting after it. As in Lettuce's own nested output, an
     * array closes when the decoder is back above it; the top level (depth 0) is never closed here.
     */
    @Override
    public void complete(int depth) {
        if (open != null && depth > 0 && depth < open.size()) {
            open.pop();
        }
    }
}
