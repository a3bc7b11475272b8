package dev.loadkit.ws;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which message an {@link WsConnection#await await} waits for: any, one containing a text, one matching a
 * regular expression, or one whose JSON has a field of a value. Named, for error messages.
 *
 * @param description what it matches, for messages
 * @param predicate the test
 */
public record WsMatch(String description, Predicate<WsMessage> predicate) {

    /**
     * Checks the fields.
     *
     * @param description what it matches
     * @param predicate the test
     */
    public WsMatch {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
    }

    /**
     * Any message.
     *
     * @return the match
     */
    public static WsMatch any() {
        return new WsMatch("any message", message -> true);
    }

    /**
     * A message whose text contains a string.
     *
     * @param text the string
     * @return the match
     */
    public static WsMatch contains(String text) {
        return new WsMatch("a message containing '" + text + "'", message -> message.text().contains(text));
    }

    /**
     * A message in which a regular expression finds a match.
     *
     * @param regex the expression
     * @return the match
     */
    public static WsMatch regex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return new WsMatch("a message matching /" + regex + "/", message -> pattern.matcher(message.text()).find());
    }

    /**
     * A JSON message with a field of a value, by JSON pointer: {@code jsonField("/type", "alert")}.
     *
     * @param pointer the field's JSON pointer
     * @param value the value, compared as text
     * @return the match
     */
    public static WsMatch jsonField(String pointer, Object value) {
        JsonPointer compiled = JsonPointer.compile(pointer);
        String expected = String.valueOf(value);
        return new WsMatch("a message with " + pointer + " = " + expected, message -> {
            JsonNode field = message.json().at(compiled);
            return !field.isMissingNode() && expected.equals(field.isTextual() ? field.textValue() : field.toString());
        });
    }

    boolean test(WsMessage message) {
        return predicate.test(message);
    }
}
