package dev.jive.lancedb.versions;

import dev.jive.core.InvalidInputException;
import dev.jive.core.StorageException;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.lancedb.search.Searcher;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The vectors of one table recomputed with another model, as one new table version: every row is
 * read, its text embedded with the new model (the dimension may change), and the table rewritten
 * with the new vectors, {@code embedding_model} and {@code migrated_at} columns and the new model
 * in its schema metadata. Nothing is written until every row has its vector.
 */
final class Reembedding {
  static final double REQUIRED_SELF_RETRIEVAL = 0.95;
  static final int SAMPLE = 100;

  private Reembedding() {}

  /** The default text of the spec's tables; other tables must name their text fields. */
  static List<String> defaultTextFields(String table) {
    return switch (table) {
      case JiveTables.WORK_ITEM -> List.of("title", "description");
      case JiveTables.ARCHITECTURE -> List.of("ai_requirements");
      case JiveTables.TROUBLESHOOT -> List.of("search_text");
      default -> List.of();
    };
  }

  static String text(Map<String, Object> row, List<String> fields) {
    List<String> parts = new ArrayList<>();
    for (String f : fields) {
      Object v = row.get(f);
      if (v instanceof Collection<?> c) {
        c.forEach(x -> parts.add(String.valueOf(x)));
      } else if (v != null && !v.toString().isBlank()) {
        parts.add(v.toString());
      }
    }
    return String.join(" ", parts).strip();
  }

  static List<float[]> embedAll(
      List<Map<String, Object>> rows,
      List<String> fields,
      Embedder model,
      BiConsumer<Long, Long> progress) {
    List<float[]> out = new ArrayList<>(rows.size());
    int batch = 64;
    for (int from = 0; from < rows.size(); from += batch) {
      List<String> texts = new ArrayList<>();
      for (int i = from; i < Math.min(rows.size(), from + batch); i++) {
        String t = text(rows.get(i), fields);
        if (t.isEmpty()) {
          throw new InvalidInputException(
              "text-fields",
              "row "
                  + rows.get(i).get("id")
                  + " has no text in "
                  + fields
                  + " to embed; name other fields with --text-fields");
        }
        texts.add(t);
      }
      out.addAll(model.embedAll(texts));
      progress.accept((long) Math.min(rows.size(), from + batch), (long) rows.size());
    }
    return out;
  }

  static Schema newSchema(Schema old, Embedder model) {
    List<Field> fields = new ArrayList<>();
    boolean hasModel = false;
    boolean hasTime = false;
    for (Field f : old.getFields()) {
      if (f.getName().equals("vector")) {
        fields.add(Columns.vector("vector", model.dimension()));
      } else {
        fields.add(f);
      }
      hasModel |= f.getName().equals("embedding_model");
      hasTime |= f.getName().equals("migrated_at");
    }
    if (!hasModel) {
      fields.add(Columns.text("embedding_model"));
    }
    if (!hasTime) {
      fields.add(Columns.timestamp("migrated_at"));
    }
    Map<String, String> meta =
        new HashMap<>(old.getCustomMetadata() == null ? Map.of() : old.getCustomMetadata());
    meta.put(JiveTables.modelKey("vector"), model.modelName());
    meta.put(JiveTables.dimensionKey("vector"), String.valueOf(model.dimension()));
    return new Schema(fields, meta);
  }

  static void apply(
      List<Map<String, Object>> rows, List<float[]> vectors, String model, Instant at) {
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).put("vector", vectors.get(i));
      rows.get(i).put("embedding_model", model);
      rows.get(i).put("migrated_at", at);
    }
  }

  /**
   * Checks the rewritten table: as many rows as before, every vector there with the new dimension,
   * and at least {@link #REQUIRED_SELF_RETRIEVAL} of sampled rows finding themselves (top 3) from
   * their own text. Throws when a check fails.
   */
  static Sample verify(
      LanceTable t,
      long rowsBefore,
      List<Map<String, Object>> rows,
      List<String> fields,
      Embedder model) {
    long count = t.count(null);
    if (count != rowsBefore) {
      throw new StorageException(
          "the table has " + count + " rows after re-embedding, " + rowsBefore + " before");
    }
    for (Map<String, Object> r :
        t.rows(new org.lance.ipc.ScanOptions.Builder().columns(List.of("vector")).build())) {
      Object v = r.get("vector");
      if (!(v instanceof float[] f) || f.length != model.dimension()) {
        throw new StorageException(
            "a row has no vector of dimension " + model.dimension() + " after re-embedding");
      }
    }
    int step = Math.max(1, rows.size() / SAMPLE);
    int hits = 0;
    int sampled = 0;
    for (int i = 0; i < rows.size(); i += step) {
      sampled++;
      Object id = rows.get(i).get("id");
      float[] q = model.embed(text(rows.get(i), fields));
      List<SearchHit<Object>> found =
          Searcher.semantic(t, q, Filter.matchAll(), 3, null, true, row -> row.get("id"));
      if (found.stream().anyMatch(h -> h.item().equals(id))) {
        hits++;
      }
    }
    if (sampled > 0 && (double) hits / sampled < REQUIRED_SELF_RETRIEVAL) {
      throw new StorageException(
          "only "
              + hits
              + " of "
              + sampled
              + " sampled rows found themselves with "
              + model.modelName());
    }
    return new Sample(hits, sampled);
  }

  /** Sampled rows that found themselves, of how many were sampled. */
  record Sample(int hits, int size) {}
}
