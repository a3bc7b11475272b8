package dev.loadkit.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A request's default name shows its query's keys, never their values: tokens stay out of the reports. */
class RequestNameTest {

    private final Http http = Http.builder().baseUrl("http://127.0.0.1:1").build();

    @Test
    void queryValuesAreHiddenInDefaultNames() {
        assertThat(http.get("/items?token=abc123&page={page}&flag").name()).isEqualTo("GET /items?token=*&page=*&flag");
        assertThat(http.post("/items").name()).isEqualTo("POST /items");
        assertThat(http.get("/items?token=abc").name("list items").name()).isEqualTo("list items");
    }
}
