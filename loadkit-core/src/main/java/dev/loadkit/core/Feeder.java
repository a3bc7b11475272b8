package dev.loadkit.core;

import dev.loadkit.core.internal.feeder.CsvParser;
import dev.loadkit.core.internal.feeder.FeederFiles;
import dev.loadkit.core.internal.feeder.ImmutableRows;
import dev.loadkit.core.internal.feeder.JsonLinesParser;
import dev.loadkit.core.internal.feeder.RowCursor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test data shared by all virtual users: each call to {@link #next()} hands out one row, a map from column name
 * to value.
 *
 * <p>Rows are loaded once when the feeder is built and never copied afterwards: every virtual user that gets a
 * given row receives the same unmodifiable map, so a feeder costs the same memory for ten users as for a
 * hundred thousand. {@code next()} is lock-free, so it does not serialize virtual users either.
 *
 * <pre>{@code
 * Feeder users = Feeder.csv(Path.of("users.csv")).queue().build();
 * Map<String, Object> user = users.next();   // each user exactly once, then FeederExhaustedException
 * }</pre>
 */
public final class Feeder {

    private static final String IN_MEMORY = "in-memory";

    private final String name;
    private final List<Map<String, Object>> rows;
    private final RowCursor cursor;

    private Feeder(String name, List<Map<String, Object>> rows, RowCursor cursor) {
        this.name = name;
        this.rows = rows;
        this.cursor = cursor;
    }

    /**
     * A feeder over an RFC 4180 CSV file in UTF-8. The header line names the columns and every value is a
     * String. Quoted fields may contain separators, line breaks and quotes written as {@code ""}; a leading byte
     * order mark and empty lines are ignored. The separator is a comma unless {@link Builder#separator(char)} says
     * otherwise.
     *
     * @param file the CSV file, read when {@link Builder#build()} is called
     * @return a builder that hands rows out in {@linkplain Builder#circular() circular} order unless told otherwise
     */
    public static Builder csv(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"), true, null);
    }

    /**
     * A feeder over a JSON Lines file: one JSON object per line, blank lines skipped. Values keep the types
     * Jackson gives them (String, Integer, Long, Double, Boolean, null, and unmodifiable List and Map for nested
     * arrays and objects).
     *
     * @param file the JSON Lines file, read when {@link Builder#build()} is called
     * @return a builder that hands rows out in {@linkplain Builder#circular() circular} order unless told otherwise
     */
    public static Builder jsonLines(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"), false, null);
    }

    /**
     * A feeder over rows held in memory. The rows, and any maps and lists nested in them, are copied now, so
     * changing them afterwards does not change the feeder.
     *
     * @param rows the rows, in order
     * @return a builder that hands rows out in {@linkplain Builder#circular() circular} order unless told otherwise
     */
    public static Builder of(List<? extends Map<String, ?>> rows) {
        Objects.requireNonNull(rows, "rows");
        List<Map<String, Object>> copy = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            copy.add(ImmutableRows.copyOf(Objects.requireNonNull(row, "a feeder row is null")));
        }
        return new Builder(null, false, List.copyOf(copy));
    }

    /**
     * Hands out the next row. Safe to call from any number of threads at once.
     *
     * @return the row, an unmodifiable map shared with every other caller that gets the same row
     * @throws FeederExhaustedException if a {@code queue()} or {@code shuffle()} feeder has no rows left
     */
    public Map<String, Object> next() {
        int index = cursor.next();
        if (index == RowCursor.EXHAUSTED) {
            throw new FeederExhaustedException(name, rows.size());
        }
        return rows.get(index);
    }

    /**
     * The number of rows loaded.
     *
     * @return the number of rows, at least one
     */
    public int size() {
        return rows.size();
    }

    /**
     * The name used in messages about this feeder.
     *
     * @return the file name for file feeders, {@code "in-memory"} for {@link #of(List)} feeders
     */
    public String name() {
        return name;
    }

    /** Chooses the order in which rows are handed out, then loads them with {@link #build()}. */
    public static final class Builder {

        private enum Order { QUEUE, CIRCULAR, RANDOM, SHUFFLE }

        private final Path file;
        private final boolean csv;
        private final List<Map<String, Object>> inMemoryRows;
        private Order order = Order.CIRCULAR;
        private Long seed;
        private char separator = ',';

        private Builder(Path file, boolean csv, List<Map<String, Object>> inMemoryRows) {
            this.file = file;
            this.csv = csv;
            this.inMemoryRows = inMemoryRows;
        }

        /**
         * Hands out each row once, in file order, then throws {@link FeederExhaustedException}. For data that must
         * not be reused, such as one-time tokens or accounts that cannot log in twice.
         *
         * @return this builder
         */
        public Builder queue() {
            order = Order.QUEUE;
            return this;
        }

        /**
         * Hands out the rows in file order, starting over after the last one. This is the default.
         *
         * @return this builder
         */
        public Builder circular() {
            order = Order.CIRCULAR;
            return this;
        }

        /**
         * Hands out a uniformly random row each time; rows may repeat.
         *
         * @return this builder
         */
        public Builder random() {
            order = Order.RANDOM;
            return this;
        }

        /**
         * Shuffles the rows once, then hands out each row once like {@link #queue()}.
         *
         * @return this builder
         */
        public Builder shuffle() {
            order = Order.SHUFFLE;
            return this;
        }

        /**
         * Makes {@link #random()} and {@link #shuffle()} reproducible: the same seed gives the same shuffled order
         * and the same sequence of random rows (with several threads, which thread gets which row still depends on
         * scheduling). Has no effect on {@link #queue()} and {@link #circular()}. Without a seed, every run differs.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the field separator of a CSV file, for example {@code ';'} or {@code '\t'}.
         *
         * @param separator the separator; not a quote or line break
         * @return this builder
         * @throws IllegalStateException if this is not a CSV feeder
         * @throws IllegalArgumentException if the separator is a quote or line break
         */
        public Builder separator(char separator) {
            if (!csv) {
                throw new IllegalStateException("separator applies to csv feeders only");
            }
            if (separator == '"' || separator == '\n' || separator == '\r') {
                throw new IllegalArgumentException(
                        "a CSV separator cannot be a quote or line break; use ',', ';' or '\\t'");
            }
            this.separator = separator;
            return this;
        }

        /**
         * Loads the rows now, so that a missing or malformed file fails before the test starts rather than in the
         * middle of it.
         *
         * @return the feeder
         * @throws IllegalArgumentException if the file cannot be read, is malformed, or has no data rows
         */
        public Feeder build() {
            String name = file == null ? IN_MEMORY : FeederFiles.displayName(file);
            List<Map<String, Object>> rows = load(name);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(file == null
                        ? "in-memory feeder has no rows; pass at least one row to Feeder.of"
                        : "feeder file " + name + " has no data rows; add at least one "
                                + (csv ? "line below the header" : "JSON object line"));
            }
            return switch (order) {
                case QUEUE -> new Feeder(name, rows, RowCursor.once(rows.size()));
                case CIRCULAR -> new Feeder(name, rows, RowCursor.circular(rows.size()));
                case RANDOM -> new Feeder(name, rows,
                        seed == null ? RowCursor.random(rows.size()) : RowCursor.seededRandom(rows.size(), seed));
                case SHUFFLE -> new Feeder(name, shuffled(rows), RowCursor.once(rows.size()));
            };
        }

        private List<Map<String, Object>> load(String name) {
            if (file == null) {
                return inMemoryRows;
            }
            String text = FeederFiles.readText(file);
            return csv ? CsvParser.parse(text, name, separator) : JsonLinesParser.parse(text, name);
        }

        private List<Map<String, Object>> shuffled(List<Map<String, Object>> rows) {
            List<Map<String, Object>> copy = new ArrayList<>(rows);
            Collections.shuffle(copy, seed == null ? ThreadLocalRandom.current() : new Random(seed));
            return List.copyOf(copy);
        }
    }
}
