package dev.loadkit.core;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeederTest {

    @TempDir
    Path dir;

    private Path write(String fileName, String content) throws IOException {
        return Files.write(dir.resolve(fileName), content.getBytes(UTF_8));
    }

    private static List<Map<String, Object>> idRows(int count) {
        return IntStream.range(0, count).<Map<String, Object>>mapToObj(i -> Map.of("id", i)).toList();
    }

    private static List<Object> ids(Feeder feeder, int calls) {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            ids.add(feeder.next().get("id"));
        }
        return ids;
    }

    // --- strategies

    @Test
    void circularIsTheDefaultAndWrapsAround() {
        Feeder feeder = Feeder.of(idRows(3)).build();
        assertThat(ids(feeder, 7)).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void queueHandsOutEachRowOnceThenIsExhausted() throws IOException {
        Feeder feeder = Feeder.csv(write("users.csv", "id\n0\n1\n2\n")).queue().build();
        assertThat(ids(feeder, 3)).containsExactly("0", "1", "2");
        assertThatThrownBy(feeder::next)
                .isInstanceOf(FeederExhaustedException.class)
                .hasMessage("feeder users.csv is exhausted after 3 rows; use circular() or random(), or provide more rows");
        assertThatThrownBy(feeder::next).isInstanceOf(FeederExhaustedException.class);
    }

    @Test
    void randomStaysWithinTheRowsAndReachesAllOfThem() {
        Feeder feeder = Feeder.of(idRows(5)).random().build();
        assertThat(new HashSet<>(ids(feeder, 500))).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void shuffleHandsOutEveryRowOnceInSomeOrderThenIsExhausted() {
        Feeder feeder = Feeder.of(idRows(50)).shuffle().build();
        List<Object> ids = ids(feeder, 50);
        assertThat(ids).doesNotHaveDuplicates().hasSize(50).allMatch(id -> (int) id >= 0 && (int) id < 50);
        assertThatThrownBy(feeder::next)
                .isInstanceOf(FeederExhaustedException.class)
                .hasMessageStartingWith("feeder in-memory is exhausted after 50 rows");
    }

    @Test
    void seededRandomAndShuffleAreReproducible() {
        UnaryOperator<Feeder.Builder> random = b -> b.random().seed(42);
        UnaryOperator<Feeder.Builder> shuffle = b -> b.shuffle().seed(42);
        for (UnaryOperator<Feeder.Builder> order : List.of(random, shuffle)) {
            List<Object> first = ids(order.apply(Feeder.of(idRows(100))).build(), 100);
            assertThat(ids(order.apply(Feeder.of(idRows(100))).build(), 100)).isEqualTo(first);
            assertThat(ids(Feeder.of(idRows(100)).build(), 100)).isNotEqualTo(first);
            List<Object> otherSeed = ids(order.apply(Feeder.of(idRows(100))).seed(7).build(), 100);
            assertThat(otherSeed).isNotEqualTo(first);
        }
    }

    @Test
    void queueAndShuffleHandOutEveryRowExactlyOnceUnderContention() throws Exception {
        int rows = 20_000;
        int threads = 4;
        List<Feeder> feeders = List.of(Feeder.of(idRows(rows)).queue().build(), Feeder.of(idRows(rows)).shuffle().build());
        for (Feeder feeder : feeders) {
            CountDownLatch start = new CountDownLatch(1);
            Callable<List<Object>> drain = () -> {
                List<Object> taken = new ArrayList<>();
                start.await();
                try {
                    while (true) {
                        taken.add(feeder.next().get("id"));
                    }
                } catch (FeederExhaustedException expected) {
                    return taken;
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Object>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(drain));
                }
                start.countDown();
                List<Object> all = new ArrayList<>();
                for (Future<List<Object>> result : results) {
                    all.addAll(result.get());
                }
                assertThat(all).hasSize(rows);
                assertThat(new HashSet<>(all)).hasSize(rows);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // --- sharing

    @Test
    void everyCallerGetsTheSameUnmodifiableRowInstance() throws Exception {
        Feeder feeder = Feeder.csv(write("a.csv", "id,name\n1,x\n2,y\n")).build();
        Map<String, Object> first = feeder.next();
        feeder.next();
        assertThat(feeder.next()).isSameAs(first);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(feeder::next).get()).isNotSameAs(first);
            assertThat(other.submit(feeder::next).get()).isSameAs(first);
        } finally {
            other.shutdownNow();
        }
        assertThatThrownBy(() -> first.put("id", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(first.keySet()).containsExactly("id", "name");
    }

    @Test
    void inMemoryRowsAreCopiedDeeply() {
        Map<String, Object> source = new LinkedHashMap<>();
        List<Object> tags = new ArrayList<>(List.of("a"));
        source.put("id", 1);
        source.put("tags", tags);
        Feeder feeder = Feeder.of(List.of(source)).build();
        source.put("id", 2);
        tags.add("b");
        Map<String, Object> row = feeder.next();
        assertThat(row).containsEntry("id", 1).containsEntry("tags", List.of("a"));
        assertThat(feeder.name()).isEqualTo("in-memory");
        assertThat(feeder.size()).isEqualTo(1);
    }

    // --- csv

    @Test
    void csvHandlesQuotingEdgeCases() throws IOException {
        Path file = write("q.csv", "a,b,c\r\n"
                + "\"x, y\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n"
                + ",\"\",5'11\"\r\n"
                + "\r\n"
                + "last,row,\"\"\"\"\n\n\n");
        Feeder feeder = Feeder.csv(file).queue().build();
        assertThat(feeder.size()).isEqualTo(3);
        assertThat(feeder.name()).isEqualTo("q.csv");
        assertThat(feeder.next()).containsExactly(
                Map.entry("a", "x, y"), Map.entry("b", "say \"hi\""), Map.entry("c", "line1\nline2"));
        assertThat(feeder.next()).containsExactly(Map.entry("a", ""), Map.entry("b", ""), Map.entry("c", "5'11\""));
        assertThat(feeder.next()).containsExactly(Map.entry("a", "last"), Map.entry("b", "row"), Map.entry("c", "\""));
    }

    @Test
    void csvSkipsByteOrderMarkAndReadsUtf8() throws IOException {
        Feeder feeder = Feeder.csv(write("bom.csv", "\uFEFFname,city\nJosé,Zürich")).build();
        assertThat(feeder.next()).containsExactly(Map.entry("name", "José"), Map.entry("city", "Zürich"));
    }

    @Test
    void csvWithCustomSeparator() throws IOException {
        Feeder feeder = Feeder.csv(write("semi.csv", "a;b\n1,5;\"x;y\"\n")).separator(';').build();
        assertThat(feeder.next()).containsExactly(Map.entry("a", "1,5"), Map.entry("b", "x;y"));
    }

    @Test
    void separatorIsForCsvOnly() throws IOException {
        Path file = write("s.jsonl", "{}");
        assertThatThrownBy(() -> Feeder.jsonLines(file).separator(';'))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("separator applies to csv feeders only");
        assertThatThrownBy(() -> Feeder.of(idRows(1)).separator(';')).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Feeder.csv(file).separator('"')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csvFieldCountMismatchNamesTheLine() throws IOException {
        Path file = write("x.csv", "a,b,c,d\n1,2,3,4\n\"multi\nline\",2,3,4\n1,2,3,4\n\n1,2,3\n");
        assertThatThrownBy(() -> Feeder.csv(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.csv line 7: 3 fields, the header has 4");
    }

    @Test
    void csvUnterminatedQuoteNamesTheLineWhereTheFieldStarts() throws IOException {
        Path file = write("x.csv", "a,b\n1,\"open\n2,3\n");
        assertThatThrownBy(() -> Feeder.csv(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.csv line 2: a quoted field is never closed");
    }

    @Test
    void csvTextAfterClosingQuoteIsAnError() throws IOException {
        Path file = write("x.csv", "a,b\n\"x\"y,2\n");
        assertThatThrownBy(() -> Feeder.csv(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.csv line 2: text after the closing quote");
    }

    @Test
    void csvDuplicateOrEmptyHeaderIsAnError() throws IOException {
        Path duplicate = write("dup.csv", "id,name,id\n1,2,3\n");
        assertThatThrownBy(() -> Feeder.csv(duplicate).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dup.csv line 1: duplicate column \"id\" in the header; column names must be unique");
        Path unnamed = write("empty.csv", "id,name,\n1,2,3\n");
        assertThatThrownBy(() -> Feeder.csv(unnamed).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty.csv line 1: column 3 of the header has no name");
    }

    @Test
    void emptyFilesAndHeaderOnlyFilesHaveNoDataRows() throws IOException {
        for (String content : List.of("", "\uFEFF", "id,name\n", "\n\n")) {
            Path file = write("x.csv", content);
            assertThatThrownBy(() -> Feeder.csv(file).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("feeder file x.csv has no data rows");
        }
        Path jsonl = write("x.jsonl", "\n  \n");
        assertThatThrownBy(() -> Feeder.jsonLines(jsonl).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("feeder file x.jsonl has no data rows");
        assertThatThrownBy(() -> Feeder.of(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rows");
    }

    @Test
    void missingFileIsAClearError() {
        Path missing = dir.resolve("x.csv");
        assertThatThrownBy(() -> Feeder.csv(missing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read feeder file x.csv: no such file");
        assertThatThrownBy(() -> Feeder.jsonLines(dir).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read feeder file " + dir.getFileName() + ": ");
    }

    @Test
    void fileThatIsNotUtf8IsAClearError() throws IOException {
        Path file = Files.write(dir.resolve("latin1.csv"), "name\nJos\u00e9\n".getBytes(ISO_8859_1));
        assertThatThrownBy(() -> Feeder.csv(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read feeder file latin1.csv: not valid UTF-8");
    }

    // --- json lines

    @Test
    void jsonLinesKeepJacksonTypesAndSkipBlankLines() throws IOException {
        Path file = write("u.jsonl", "{\"s\":\"x\",\"i\":1,\"l\":12345678901,\"d\":1.5,\"b\":true,\"n\":null,"
                + "\"list\":[1,\"a\"],\"map\":{\"k\":[2]}}\n\n   \n{\"s\":\"y\"}\n");
        Feeder feeder = Feeder.jsonLines(file).queue().build();
        assertThat(feeder.size()).isEqualTo(2);
        Map<String, Object> row = feeder.next();
        assertThat(row.keySet()).containsExactly("s", "i", "l", "d", "b", "n", "list", "map");
        assertThat(row.get("s")).isEqualTo("x");
        assertThat(row.get("i")).isEqualTo(1);
        assertThat(row.get("l")).isEqualTo(12345678901L);
        assertThat(row.get("d")).isEqualTo(1.5);
        assertThat(row.get("b")).isEqualTo(true);
        assertThat(row).containsEntry("n", null);
        assertThat(row.get("list")).isEqualTo(List.of(1, "a"));
        assertThat(row.get("map")).isEqualTo(Map.of("k", List.of(2)));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) row.get("list");
        assertThatThrownBy(() -> list.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(feeder.next()).containsExactly(Map.entry("s", "y"));
    }

    @Test
    void jsonLineThatIsNotAnObjectNamesTheLine() throws IOException {
        Path array = write("x.jsonl", "{\"a\":1}\n\n[1,2]\n");
        assertThatThrownBy(() -> Feeder.jsonLines(array).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.jsonl line 3: not a JSON object: found an array");
        Path malformed = write("y.jsonl", "{\"a\":1}\n{\"a\": oops}\n");
        assertThatThrownBy(() -> Feeder.jsonLines(malformed).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("y.jsonl line 2: not a JSON object: ")
                .hasMessageNotContaining("\n");
        Path twoObjects = write("z.jsonl", "{\"a\":1} {\"a\":2}\n");
        assertThatThrownBy(() -> Feeder.jsonLines(twoObjects).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("z.jsonl line 1: not a JSON object: ");
    }
}
