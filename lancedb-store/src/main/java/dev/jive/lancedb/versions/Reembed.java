package dev.jive.lancedb.versions;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.StorageException;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.ReembedMarker;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Tag;
import org.lance.ipc.ScanOptions;

/**
 * Re-embedding tables with another model as one operation: one tag on all, embed every row's text,
 * rewrite each as one version, rebuild the indexes, verify, and roll every table back to the tag
 * when a check fails or when asked.
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

  /** How far a re-embedding has come: rows of {@code table} embedded of {@code total}. */
  @FunctionalInterface
  public interface Progress {
    void update(String table, long done, long total);
  }

  /**
   * Recomputes the vectors of several tables with {@code model} as one operation (the dimension may
   * change). Every covered table's current version gets one tag {@code pre-reembed-<time>}; each
   * table is then embedded from its text (the spec's fields for the four tables, else {@code
   * textFields}, else its text columns), rewritten as one new version with the new vectors, {@code
   * embedding_model}, {@code migrated_at} and the model in its schema, re-indexed and verified
   * (same row count, every vector of the new dimension, 95% of a sample finding itself in the top
   * 3). A failed check rolls every table back to the tag and throws.
   *
   * <p>On a local path a {@link ReembedMarker} holds the location from the first tag to the last
   * table: other writers are refused meanwhile, and a killed run is resumed by running it again
   * with the same model (finished tables are not done again) or undone by {@link #rollback}.
   *
   * @param names the tables to cover; null or empty for every table with a vector column
   * @param dryRun read and embed nothing; report the rows and models only
   */
  public ReembedRun run(
      List<String> names,
      Embedder model,
      List<String> textFields,
      boolean dryRun,
      Progress progress) {
    Optional<Path> local = tables.localRoot();
    Optional<ReembedMarker> marker = local.flatMap(ReembedMarker::read);
    List<String> covered;
    String tag;
    List<String> skipped;
    if (marker.isPresent()) {
      ReembedMarker m = marker.get();
      if (m.processAlive() && !m.ours()) {
        throw new ConflictException(m.describe(tables.root()));
      }
      if (!Tables.sameModel(m.model(), model.modelName())) {
        throw new ConflictException(
            "cannot start a re-embedding with "
                + model.modelName()
                + ": "
                + m.describe(tables.root()));
      }
      covered = m.tables();
      tag = m.tag();
      skipped = m.done();
    } else {
      covered = targets(names);
      tag = "pre-reembed-" + TAG_TIME.format(tables.now());
      skipped = List.of();
    }
    List<Plan> plans = new ArrayList<>();
    for (String name : covered) {
      plans.add(plan(name, model, textFields, tag));
    }
    if (dryRun) {
      return new ReembedRun(tag, plans.stream().map(Plan::result).toList(), skipped, true);
    }
    ReembedMarker mark =
        marker
            .map(ReembedMarker::takenOver)
            .orElseGet(() -> ReembedMarker.start(tag, model.modelName(), covered, tables.now()));
    local.ifPresent(mark::write);
    List<ReembedResult> done = new ArrayList<>();
    try {
      if (marker.isEmpty()) {
        tables
            .writeLock()
            .withoutReembedCheck(
                () -> {
                  plans.forEach(p -> Versions.tagLatest(p.table(), tag));
                  return null;
                });
      }
      for (Plan p : plans) {
        if (skipped.contains(p.table().name())) {
          continue;
        }
        done.add(reembed(p, model, progress));
        mark = mark.withDone(p.table().name());
        ReembedMarker now = mark;
        local.ifPresent(now::write);
      }
    } catch (RuntimeException e) {
      rollback(tag);
      throw new StorageException(
          "re-embedding with "
              + model.modelName()
              + " failed and every table was rolled back to "
              + tag
              + ": "
              + e.getMessage(),
          e);
    }
    local.ifPresent(ReembedMarker::delete);
    return new ReembedRun(tag, done, skipped, false);
  }

  /** Every table with a vector column when none are named; else the named ones, which must be. */
  private List<String> targets(List<String> names) {
    if (names == null || names.isEmpty()) {
      List<String> all =
          tables.list().stream().filter(n -> Tables.hasVectorColumn(tables.unchecked(n))).toList();
      if (all.isEmpty()) {
        throw new NotFoundException("no table with vectors to re-embed under " + tables.root());
      }
      return all;
    }
    return List.copyOf(new java.util.LinkedHashSet<>(names));
  }

  /** A table's plan: checked (it exists, has vectors and text to embed) before anything changes. */
  private Plan plan(String table, Embedder model, List<String> textFields, String tag) {
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
    List<String> fields = textFields(t, old, textFields);
    ReembedResult planned =
        ReembedResult.planned(
            table, t.count(null), oldModel, oldDim, model.modelName(), model.dimension(), tag, 0);
    return new Plan(t, old, fields, planned);
  }

  private record Plan(LanceTable table, Schema schema, List<String> fields, ReembedResult result) {}

  private ReembedResult reembed(Plan p, Embedder model, Progress progress) {
    long start = System.nanoTime();
    LanceTable t = p.table();
    return upkeep.exclusively(
        () ->
            tables
                .writeLock()
                .withoutReembedCheck(
                    () -> {
                      List<Map<String, Object>> all =
                          new ArrayList<>(t.rows(new ScanOptions.Builder().build()));
                      List<float[]> vectors =
                          Reembedding.embedAll(
                              all, p.fields(), model, (d, n) -> progress.update(t.name(), d, n));
                      Reembedding.apply(all, vectors, model.modelName(), tables.now());
                      try (VectorSchemaRoot root =
                          ArrowRows.toRoot(
                              Reembedding.newSchema(p.schema(), model), all, tables.allocator())) {
                        t.overwrite(root);
                      }
                      upkeep.rebuildIndexes(t, true);
                      Reembedding.Sample sample =
                          Reembedding.verify(t, all.size(), all, p.fields(), model);
                      tables.forgetModelCheck(t.name());
                      return p.result()
                          .done(sample.hits(), sample.size(), (System.nanoTime() - start) / 1e9);
                    }));
  }

  /**
   * Undoes a re-embedding: every table carrying {@code tag} (by default the interrupted run's, else
   * the newest {@code pre-reembed-*} tag) is restored to it in one step, whatever model it holds
   * now, and the marker goes. Running it again restores the same versions again.
   *
   * @return the new latest version of each restored table
   */
  public Map<String, Long> rollback(String tag) {
    Optional<Path> local = tables.localRoot();
    Optional<ReembedMarker> marker = local.flatMap(ReembedMarker::read);
    if (marker.isPresent() && marker.get().processAlive() && !marker.get().ours()) {
      throw new ConflictException(marker.get().describe(tables.root()));
    }
    String to =
        tag != null ? tag : marker.map(ReembedMarker::tag).orElseGet(this::newestReembedTag);
    Map<String, Long> restored = new LinkedHashMap<>();
    for (String name : tables.list()) {
      LanceTable t = tables.unchecked(name);
      if (t.latest().tags().list().stream().anyMatch(x -> x.getName().equals(to))) {
        restored.put(name, versions.restoreForReembed(name, to));
      }
    }
    if (restored.isEmpty()) {
      throw new NotFoundException("no table under " + tables.root() + " has the tag " + to);
    }
    local.ifPresent(ReembedMarker::delete);
    return restored;
  }

  private String newestReembedTag() {
    return tables.list().stream()
        .flatMap(n -> tables.unchecked(n).latest().tags().list().stream())
        .map(Tag::getName)
        .filter(n -> n.startsWith("pre-reembed-"))
        .max(Comparator.naturalOrder())
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no re-embedding to roll back: no table under "
                        + tables.root()
                        + " has a pre-reembed-* tag"));
  }

  private static List<String> textFields(LanceTable t, Schema schema, List<String> given) {
    String table = t.name();
    List<String> fields =
        given == null || given.isEmpty() ? Reembedding.defaultTextFields(table) : given;
    if (fields.isEmpty()) {
      fields = Tables.textColumns(t);
    }
    if (fields.isEmpty()) {
      throw new InvalidInputException(
          "text-fields",
          table
              + " is not one of the spec's tables: name its fields to embed with --text-fields,"
              + " or leave it out with --table");
    }
    for (String f : fields) {
      if (schema.getFields().stream().noneMatch(x -> x.getName().equals(f))) {
        throw new InvalidInputException("text-fields", table + " has no column " + f);
      }
    }
    return fields;
  }
}
