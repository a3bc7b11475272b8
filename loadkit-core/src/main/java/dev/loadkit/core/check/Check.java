package dev.loadkit.core.check;

import dev.loadkit.core.Session;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A check on what a request got back, with a name for reports, such as {@code status is 200}. Each check
 * counts in the {@code checks} metric under its name; a failed check also marks its request as failed, as
 * in Gatling. Checks may also extract values into the session ({@code saveAs}). Drivers build them from
 * their values ({@code HttpChecks.status().is(200)}); any predicate makes one with {@link #of}.
 *
 * @param <R> what is checked, such as an HTTP response
 */
public final class Check<R> {

    private final String name;
    private final BiFunction<? super R, Session, Optional<String>> verifier;

    private Check(String name, BiFunction<? super R, Session, Optional<String>> verifier) {
        this.name = name;
        this.verifier = verifier;
    }

    /**
     * A check from a predicate.
     *
     * @param name the check's name, such as {@code has three items}
     * @param predicate true when the response passes
     * @param <R> what is checked
     * @return the check
     */
    public static <R> Check<R> of(String name, Predicate<? super R> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Check<>(Objects.requireNonNull(name, "name"), (response, session) -> predicate.test(response)
                ? Optional.empty() : Optional.of("not satisfied"));
    }

    /**
     * A check that may read and write the session.
     *
     * @param name the check's name
     * @param verifier returns why the response fails, or empty when it passes
     * @param <R> what is checked
     * @return the check
     */
    public static <R> Check<R> verifying(String name, BiFunction<? super R, Session, Optional<String>> verifier) {
        return new Check<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(verifier, "verifier"));
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
    public Check<R> named(String newName) {
        return new Check<>(Objects.requireNonNull(newName, "name"), verifier);
    }

    /**
     * Runs the check.
     *
     * @param response what came back
     * @param session the virtual user's session, for extractions
     * @return why the response fails, or empty when it passes
     */
    public Optional<String> verify(R response, Session session) {
        return verifier.apply(response, session);
    }
}
