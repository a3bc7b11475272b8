package dev.loadkit.http;

import dev.loadkit.core.Session;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A check on a response, with a name for reports, such as {@code status is 200}. Each check counts in
 * the {@code checks} metric under its name; a failed check also marks its request as failed, as in
 * Gatling. Checks may also extract values into the session ({@code saveAs}). Build them with
 * {@link HttpChecks}, or from any predicate with {@link #of}.
 */
public final class HttpCheck {

    private final String name;
    private final BiFunction<HttpResponse, Session, Optional<String>> verifier;

    private HttpCheck(String name, BiFunction<HttpResponse, Session, Optional<String>> verifier) {
        this.name = name;
        this.verifier = verifier;
    }

    /**
     * A check from a predicate.
     *
     * @param name the check's name, such as {@code has three items}
     * @param predicate true when the response passes
     * @return the check
     */
    public static HttpCheck of(String name, Predicate<HttpResponse> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new HttpCheck(name, (response, session) -> predicate.test(response)
                ? Optional.empty() : Optional.of("not satisfied"));
    }

    /**
     * A check that may read and write the session.
     *
     * @param name the check's name
     * @param verifier returns why the response fails, or empty when it passes
     * @return the check
     */
    public static HttpCheck verifying(String name, BiFunction<HttpResponse, Session, Optional<String>> verifier) {
        return new HttpCheck(Objects.requireNonNull(name, "name"), Objects.requireNonNull(verifier, "verifier"));
    }

    /**
     * The check's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * This check under another name.
     *
     * @param newName the name
     * @return a new check
     */
    public HttpCheck named(String newName) {
        return new HttpCheck(newName, verifier);
    }

    /**
     * Runs the check.
     *
     * @param response the response
     * @param session the virtual user's session, for extractions
     * @return why the response fails, or empty when it passes
     */
    public Optional<String> verify(HttpResponse response, Session session) {
        return verifier.apply(response, session);
    }
}
