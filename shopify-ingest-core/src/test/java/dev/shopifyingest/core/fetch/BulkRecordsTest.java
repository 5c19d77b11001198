package dev.shopifyingest.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkRecordsTest {

    @TempDir
    Path dir;

    @Test
    void reassemblesChildrenThatAreNotNextToTheirParent() throws IOException {
        // 200 parents with 0..4 children each; children come after every parent, shuffled.
        Random random = new Random(7);
        List<String> parents = new ArrayList<>();
        List<String> children = new ArrayList<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int p = 0; p < 200; p++) {
            String id = "gid://shopify/Order/" + (9_007_199_254_740_993L + p);
            parents.add("{\"id\":\"" + id + "\",\"name\":\"#" + p + "\"}");
            int count = random.nextInt(5);
            expected.put(id, count);
            for (int c = 0; c < count; c++) {
                children.add("{\"id\":\"gid://shopify/LineItem/" + (p * 10 + c) + "\",\"__parentId\":\"" + id + "\"}");
            }
        }
        Collections.shuffle(children, random);
        List<String> lines = new ArrayList<>(parents);
        lines.addAll(children);
        Path file = dir.resolve("result.jsonl");
        Files.write(file, lines);

        Map<String, Integer> seen = new LinkedHashMap<>();
        try (BulkRecords records = new BulkRecords(file, dir, 37)) {
            while (records.hasNext()) {
                BulkRecords.Record record = records.next();
                String id = Json.string(record.parent(), "id");
                assertThat(record.children()).allSatisfy(child ->
                        assertThat(Json.string(child, "__parentId")).isEqualTo(id));
                assertThat(seen.put(id, record.children().size())).isNull();
            }
        }
        assertThat(seen).isEqualTo(expected);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void readsTheSameFileInTheSameOrderEveryTime() throws IOException {
        Path file = dir.resolve("r.jsonl");
        Files.write(file, List.of("{\"id\":\"gid://shopify/Customer/3\"}", "{\"id\":\"gid://shopify/Customer/1\"}",
                "{\"id\":\"gid://shopify/Customer/2\"}"));
        assertThat(ids(file)).isEqualTo(ids(file)).hasSize(3);
    }

    @Test
    void rejectsAChildWhoseParentIsMissing() throws IOException {
        Path file = dir.resolve("orphan.jsonl");
        Files.write(file, List.of("{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"gid://shopify/Order/404\"}"));
        assertThatThrownBy(() -> ids(file)).isInstanceOf(BulkRecords.MalformedBulkFileException.class)
                .hasMessageContaining("gid://shopify/Order/404");
    }

    @Test
    void rejectsACutOffLine() throws IOException {
        Path file = dir.resolve("cut.jsonl");
        Files.writeString(file, "{\"id\":\"gid://shopify/Order/1\"}\n{\"id\":\"gid://sho");
        assertThatThrownBy(() -> ids(file)).isInstanceOf(BulkRecords.MalformedBulkFileException.class)
                .hasMessageContaining("Line 2");
    }

    private List<String> ids(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        try (BulkRecords records = new BulkRecords(file, dir, 2)) {
            records.forEachRemaining(r -> ids.add(Json.string(r.parent(), "id")));
        }
        return ids;
    }
}
