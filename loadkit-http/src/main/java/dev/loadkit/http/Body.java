package dev.loadkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.Session;
import dev.loadkit.core.Template;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A request body and its content type: bytes, text, JSON (from an object, from a function of the
 * session, or from a template), a URL-encoded form, or multipart. Templates take {@code {key}}
 * placeholders filled from the session's values. Immutable.
 */
public final class Body {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String contentType;
    private final Function<Session, byte[]> render;

    private Body(String contentType, Function<Session, byte[]> render) {
        this.contentType = contentType;
        this.render = render;
    }

    /**
     * Fixed bytes.
     *
     * @param content the bytes
     * @param contentType their content type
     * @return the body
     */
    public static Body bytes(byte[] content, String contentType) {
        byte[] copy = content.clone();
        return new Body(contentType, session -> copy);
    }

    /**
     * Text, with {@code {key}} placeholders, sent as UTF-8 {@code text/plain}.
     *
     * @param template the text
     * @return the body
     */
    public static Body text(String template) {
        Template parsed = Template.parse(template);
        return new Body("text/plain; charset=utf-8",
                session -> parsed.render(session, value -> value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An object serialized to JSON once, with Jackson.
     *
     * @param value the object
     * @return the body
     */
    public static Body json(Object value) {
        byte[] serialized = serialize(value);
        return new Body("application/json", session -> serialized);
    }

    /**
     * An object made from the session for each request and serialized to JSON with Jackson.
     *
     * @param value makes the object
     * @return the body
     */
    public static Body json(Function<Session, ?> value) {
        Objects.requireNonNull(value, "value");
        return new Body("application/json", session -> serialize(value.apply(session)));
    }

    /**
     * JSON text with {@code {key}} placeholders, whose values are escaped as JSON string content: write
     * {@code {"name": "{vmName}"}}.
     *
     * @param template the JSON text
     * @return the body
     */
    public static Body jsonTemplate(String template) {
        Template parsed = Template.parse(template);
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        return new Body("application/json", session -> parsed
                .render(session, value -> new String(encoder.quoteAsString(value)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A URL-encoded form; values take {@code {key}} placeholders.
     *
     * @param fields the fields, in order
     * @return the body
     */
    public static Body form(Map<String, String> fields) {
        Map<String, Template> templates = new LinkedHashMap<>();
        fields.forEach((name, value) -> templates.put(name, Template.parse(value)));
        return new Body("application/x-www-form-urlencoded", session -> {
            StringBuilder encoded = new StringBuilder();
            templates.forEach((name, value) -> {
                if (encoded.length() > 0) {
                    encoded.append('&');
                }
                encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value.render(session, v -> v), StandardCharsets.UTF_8));
            });
            return encoded.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * Starts a multipart form ({@code multipart/form-data}).
     *
     * @return a builder of parts
     */
    public static Multipart multipart() {
        return new Multipart();
    }

    /**
     * The content type to send.
     *
     * @return the type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The bytes for one request.
     *
     * @param session the virtual user's session
     * @return the bytes
     * @throws IllegalStateException when a placeholder's value is missing
     */
    public byte[] render(Session session) {
        return render.apply(session);
    }

    private static byte[] serialize(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Builds a {@code multipart/form-data} body from fields and files. */
    public static final class Multipart {

        private final String boundary = "loadkit-" + Long.toHexString(System.nanoTime());
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        private Multipart() {
        }

        /**
         * Adds a text field.
         *
         * @param name the field's name
         * @param value its value
         * @return this builder
         */
        public Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            write(value);
            write("\r\n");
            return this;
        }

        /**
         * Adds a file.
         *
         * @param name the field's name
         * @param fileName the file's name
         * @param contentType the file's content type
         * @param bytes the file's content
         * @return this builder
         */
        public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            content.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        /**
         * Builds the body.
         *
         * @return the body
         */
        public Body build() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(content.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return bytes(all.toByteArray(), "multipart/form-data; boundary=" + boundary);
        }

        private void write(String text) {
            content.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
