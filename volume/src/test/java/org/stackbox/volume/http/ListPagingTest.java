package org.stackbox.volume.http;

import org.junit.jupiter.api.Test;
import org.stackbox.api.ApiException;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListPagingTest {
    private record Row(String id, String name, int size, java.time.Instant createdAt) {}

    private static final java.time.Instant T = java.time.Instant.parse("2026-12-05T10:00:00Z");
    private static final List<Row> ROWS = List.of(
            new Row("bca42da9-d5c0-4af8-a0bf-d8459da965eb", "b", 2, T.plusSeconds(1)),
            new Row("2f4d82b1-472f-414e-b695-7db8008cd3f2", "a", 2, T.plusSeconds(2)),
            new Row("e0a1c3f4-1111-4222-8333-944455556666", "c", 1, T));
    private static final Map<String, Function<Row, Comparable<?>>> KEYS = Map.of("id", Row::id, "name", Row::name,
            "size", Row::size, "created_at", Row::createdAt);

    private static List<String> ids(Map<String, List<String>> query) {
        return new ListPaging(query).page(ROWS, Row::id, marker -> { }, KEYS).stream().map(Row::id).toList();
    }

    @Test
    void sortsByTheKeysAskedForDescendingUnlessSaidOtherwise() {
        assertThat(ids(Map.of("sort_key", List.of("id"), "sort_dir", List.of("desc"))))
                .containsExactly(ROWS.get(2).id(), ROWS.get(0).id(), ROWS.get(1).id());
        assertThat(ids(Map.of("sort", List.of("name:asc")))).containsExactly(ROWS.get(1).id(), ROWS.get(0).id(),
                ROWS.get(2).id());
        // size first (descending by default), then the newest first among equals.
        assertThat(ids(Map.of("sort", List.of("size")))).containsExactly(ROWS.get(1).id(), ROWS.get(0).id(),
                ROWS.get(2).id());
        // No key: newest first.
        assertThat(ids(Map.of())).containsExactly(ROWS.get(1).id(), ROWS.get(0).id(), ROWS.get(2).id());
    }

    @Test
    void aMarkerAndALimitPageTheSortedList() {
        assertThat(ids(Map.of("sort", List.of("id:asc"), "marker", List.of(ROWS.get(1).id()), "limit", List.of("1"))))
                .containsExactly(ROWS.get(0).id());
    }

    @Test
    void anUnknownKeyIsCindersError() {
        assertThatThrownBy(() -> ids(Map.of("sort_key", List.of("colour")))).isInstanceOf(ApiException.class)
                .hasMessageContaining("Invalid sort key");
    }
}
