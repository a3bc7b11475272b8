package dev.loadkit.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One message received, text or binary. Immutable. */
public final class WsMessage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean text;
    private final byte[] payload;
    private final long receivedAt;
    private volatile JsonNode json;

    WsMessage(boolean text, byte[] payload, long receivedAt) {
        this.text = text;
        this.payload = payload;
        this.receivedAt = receivedAt;
    }

    /**
     * Whether it is a text message.
     *
     * @return true for text, false for binary
     */
    public boolean isText() {
        return text;
    }

    /**
     * The payload as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The payload's bytes.
     *
     * @return a copy of the payload
     */
    public byte[] bytes() {
        return payload.clone();
    }

    /**
     * The payload parsed as JSON, once.
     *
     * @return the tree; a missing node when it is not JSON
     */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            try {
                parsed = JSON.readTree(payload);
                if (parsed == null) {
                    parsed = MissingNode.getInstance();
                }
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            json = parsed;
        }
        return parsed;
    }

    /**
     * When it arrived, on the run's clock.
     *
     * @return nanoseconds
     */
    public long receivedAt() {
        return receivedAt;
    }

    int size() {
        return payload.length;
    }

    @Override
    public String toString() {
        return text ? text() : "binary(" + payload.length + " bytes)";
    }
}
