package dev.jive.lancedb.versions;

import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.StorageException;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.ipc.ScanOptions;

/**
 * Re-embedding a table with another model: tag, embed every row's text, rewrite as one version,
 * rebuild the indexes, verify, and roll back to the tag when the check fails.
 */
public final class Reembed {
  private static final DateTimeFormatter TAG_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Tables tables;
  private final Upkeep upkeep;
  private final Versions versions;

  public Reembed(Tables tables, Upkeep upkeep, Versions versions) {
    this.tables = tables;
    this.upkeep = upkeep;
    this.versions = versions;
  }

  /**
   * Recomputes a table's vectors with {@code model} (the dimension may change): tags the current
   * version {@code pre-reembed-<time>}, embeds every row's text (the spec's default for the four
   * tables, else {@code textFields}), rewrites the table as one new version with the new vectors,
   * {@code embedding_model} and {@code migrated_at}, records the new model in its schema, rebuilds
   * its indexes and verifies it (same row count, every vector of the new dimension, 95% of a sample
   * finding itself in the top 3). A failed verification rolls the table back to the tag and throws.
   *
   * @param dryRun read and embed nothing; report the rows and models only
   */
  public ReembedResult run(
      String table,
      Embedder model,
      List<String> textFields,
      boolean dryRun,
      BiConsumer<Long, Long> progress) {
    long start = System.nanoTime();
    // Without the model check: re-embedding is how a mismatch is mended.
    LanceTable t = tables.unchecked(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + tables.root());
    }
    Schema old = t.schema();
    Field vectorField =
        old.getFields().stream()
            .filter(f -> f.getName().equals(Columns.VECTOR))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "table", table + " has no vector column to re-embed"));
    Map<String, String> meta = old.getCustomMetadata() == null ? Map.of() : old.getCustomMetadata();
    String oldModel = meta.getOrDefault(JiveTables.modelKey(Columns.VECTOR), "unknown");
    int oldDim = ((ArrowType.FixedSizeList) vectorField.getType()).getListSize();
    List<String> fields = textFields(table, old, textFields);
    long rows = t.count(null);
    String tag = "pre-reembed-" + TAG_TIME.format(tables.now());
    ReembedResult plan =
        ReembedResult.planned(
            table,
            rows,
            oldModel,
            oldDim,
            model.modelName(),
            model.dimension(),
            tag,
            (System.nanoTime() - start) / 1e9);
    if (dryRun) {
      return plan;
    }
    return upkeep.exclusively(
        () ->
            tables
                .writeLock()
                .with(
                    () -> {
                      List<Map<String, Object>> all =
                          new ArrayList<>(t.rows(new ScanOptions.Builder().build()));
                      List<float[]> vectors = Reembedding.embedAll(all, fields, model, progress);
                      Versions.tagLatest(t, tag);
                      Reembedding.apply(all, vectors, model.modelName(), tables.now());
                      try (VectorSchemaRoot root =
                          ArrowRows.toRoot(
                              Reembedding.newSchema(old, model), all, tables.allocator())) {
                        t.overwrite(root);
                      }
                      Reembedding.Sample sample =
                          verifyOrRollBack(t, rows, all, fields, model, tag);
                      tables.forgetModelCheck(table);
                      return plan.done(
                          sample.hits(), sample.size(), (System.nanoTime() - start) / 1e9);
                    }));
  }

  private Reembedding.Sample verifyOrRollBack(
      LanceTable t,
      long rows,
      List<Map<String, Object>> all,
      List<String> fields,
      Embedder model,
      String tag) {
    try {
      upkeep.rebuildIndexes(t, true);
      return Reembedding.verify(t, rows, all, fields, model);
    } catch (RuntimeException e) {
      versions.restore(t.name(), tag);
      throw new StorageException(
          "re-embedding "
              + t.name()
              + " with "
              + model.modelName()
              + " failed its check and was rolled back to "
              + tag
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<String> textFields(String table, Schema schema, List<String> given) {
    List<String> fields =
        given == null || given.isEmpty() ? Reembedding.defaultTextFields(table) : given;
    if (fields.isEmpty()) {
      throw new InvalidInputException(
          "text-fields", table + " is not one of the spec's tables: name the fields to embed");
    }
    for (String f : fields) {
      if (schema.getFields().stream().noneMatch(x -> x.getName().equals(f))) {
        throw new InvalidInputException("text-fields", table + " has no column " + f);
      }
    }
    return fields;
  }
}
