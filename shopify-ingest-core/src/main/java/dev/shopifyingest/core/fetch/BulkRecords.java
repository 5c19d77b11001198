package dev.shopifyingest.core.fetch;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.shopifyingest.core.internal.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import okio.Buffer;

/**
 * Groups a bulk export's JSONL into records, each a parent line with all its child lines, in
 * bounded memory and without assuming children sit next to their parent (Shopify only promises
 * they come after it). Lines are sorted externally by (parent id, parents first, line number)
 * in runs of at most {@code runSize} lines, then merged, so memory holds one run at a time.
 * The order of records is the order of parent ids, the same on every read of the same file,
 * which lets a resumed read skip the records it already stored.
 */
final class BulkRecords implements Iterator<BulkRecords.Record>, AutoCloseable {

    /** A parent node and its children, as parsed JSON objects. */
    record Record(Map<String, Object> parent, List<Map<String, Object>> children) {
    }

    private record Line(String key, int rank, long number, String json) {
        static final Comparator<Line> ORDER = Comparator.comparing(Line::key).thenComparingInt(Line::rank)
                .thenComparingLong(Line::number);
    }

    private final List<Path> runs = new ArrayList<>();
    private final List<BufferedReader> readers = new ArrayList<>();
    private final PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparing(c -> c.line, Line.ORDER));
    private Line pending;
    private Record next;

    private static final class Cursor {
        final BufferedReader reader;
        Line line;

        Cursor(BufferedReader reader) {
            this.reader = reader;
        }
    }

    /**
     * Sorts {@code jsonl} into runs in {@code workDir}.
     *
     * @throws MalformedBulkFileException when a line is not a JSON object with an id
     */
    BulkRecords(Path jsonl, Path workDir, int runSize) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            List<Line> run = new ArrayList<>(Math.min(runSize, 1 << 16));
            String text;
            long number = 0;
            while ((text = in.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                run.add(parse(text, ++number));
                if (run.size() >= runSize) {
                    writeRun(run, workDir);
                }
            }
            writeRun(run, workDir);
        }
        for (Path run : runs) {
            BufferedReader reader = Files.newBufferedReader(run, StandardCharsets.UTF_8);
            readers.add(reader);
            Cursor cursor = new Cursor(reader);
            if (advance(cursor)) {
                queue.add(cursor);
            }
        }
        pending = poll();
    }

    // Only the top-level id and __parentId are needed to sort a line: read those, skip the rest
    // (a full parse here would build every map and number twice, once more when the record is read).
    private static Line parse(String text, long number) {
        String id = null;
        String parentId = null;
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text))) {
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (reader.peek() == JsonReader.Token.STRING && (name.equals("id") || name.equals("__parentId"))) {
                    if (name.equals("id")) {
                        id = reader.nextString();
                    } else {
                        parentId = reader.nextString();
                    }
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw new JsonDataException("more than one value on the line");
            }
        } catch (IOException | JsonDataException e) {
            throw new MalformedBulkFileException("Line " + number + " of the bulk file is not a JSON object: "
                    + e.getMessage());
        }
        if (id == null) {
            throw new MalformedBulkFileException("Line " + number + " of the bulk file is not an object with an id");
        }
        return parentId != null ? new Line(parentId, 1, number, text) : new Line(id, 0, number, text);
    }

    private void writeRun(List<Line> run, Path workDir) throws IOException {
        if (run.isEmpty()) {
            return;
        }
        run.sort(Line.ORDER);
        Path file = Files.createTempFile(workDir, "bulk-run-", ".tsv");
        runs.add(file);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Line line : run) {
                // JSON lines hold no raw tabs or newlines, so a tab-separated layout is safe.
                out.write(line.key + "\t" + line.rank + "\t" + line.number + "\t" + line.json);
                out.newLine();
            }
        }
        run.clear();
    }

    private static boolean advance(Cursor cursor) throws IOException {
        String text = cursor.reader.readLine();
        if (text == null) {
            cursor.line = null;
            return false;
        }
        String[] parts = text.split("\t", 4);
        cursor.line = new Line(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), parts[3]);
        return true;
    }

    private Line poll() {
        Cursor cursor = queue.poll();
        if (cursor == null) {
            return null;
        }
        Line line = cursor.line;
        try {
            if (advance(cursor)) {
                queue.add(cursor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (pending == null) {
            return false;
        }
        if (pending.rank != 0) {
            throw new MalformedBulkFileException("Line " + pending.number + " of the bulk file belongs to "
                    + pending.key + ", which the file does not contain");
        }
        Map<String, Object> parent = (Map<String, Object>) Json.parse(pending.json);
        String key = pending.key;
        List<Map<String, Object>> children = new ArrayList<>();
        pending = poll();
        while (pending != null && pending.key.equals(key) && pending.rank == 1) {
            children.add((Map<String, Object>) Json.parse(pending.json));
            pending = poll();
        }
        next = new Record(parent, children);
        return true;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record result = next;
        next = null;
        return result;
    }

    @Override
    public void close() throws IOException {
        for (BufferedReader reader : readers) {
            reader.close();
        }
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
    }

    /** The bulk file is not what Shopify's format promises (truncated or corrupt). */
    static final class MalformedBulkFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBulkFileException(String message) {
            super(message);
        }
    }
}
