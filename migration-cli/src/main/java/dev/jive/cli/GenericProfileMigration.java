package dev.jive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code generic} profile: every class becomes a table of the same name. Properties become
 * columns by their {@code dataType} ({@link GenericTypes}); a multi-tenant class gets a {@code
 * tenant} column; the legacy vector becomes {@code vector} and each named vector {@code
 * vector_<name>} (fixed-size float32 lists; multi-vectors are kept as JSON text). Rows are upserted
 * by id (and tenant), so a run repeated or resumed writes nothing twice. Without a schema (old
 * single-file backups) the types are inferred from the values.
 */
final class GenericProfileMigration {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("id", "tenant", "vector");
  static final int DEFAULT_BATCH = 500;

  private int batchSize = DEFAULT_BATCH;

  private final LanceDBManager store;
  private final Consumer<String> out;
  private final boolean dryRun;
  private final MigrationReport report = new MigrationReport();
  private JiveProfileMigration.Progress progress = JiveProfileMigration.Progress.NONE;

  private final boolean resume;

  /**
   * @param store null only for a dry run over a data path that does not exist yet
   * @param resume continue an interrupted migration: no new {@code pre-migration} tag
   */
  GenericProfileMigration(
      LanceDBManager store, Consumer<String> out, boolean dryRun, boolean resume) {
    this.store = store;
    this.out = out;
    this.dryRun = dryRun;
    this.resume = resume;
  }

  /** Rows per commit (500 by default). */
  GenericProfileMigration batchSize(int n) {
    this.batchSize = n;
    return this;
  }

  GenericProfileMigration progress(JiveProfileMigration.Progress p) {
    this.progress = p;
    return this;
  }

  /** A class's columns: property name to dataType, and vector column to dimension (0: JSON). */
  private record Shape(
      Map<String, String> properties,
      Map<String, Integer> vectors,
      boolean tenants,
      long objects) {}

  MigrationReport run(Backup backup) throws IOException {
    if (store != null && !dryRun && !resume) {
      boolean hasData = store.listTables().stream().anyMatch(t -> store.countRows(t, null) > 0);
      if (hasData) {
        report.note(
            "the store already held data: tagged 'pre-migration' at "
                + store.tagAll("pre-migration"));
      }
    }
    Map<String, List<BackupManifest.FileEntry>> byClass = new LinkedHashMap<>();
    for (BackupManifest.FileEntry f : backup.manifest().files()) {
      byClass.computeIfAbsent(f.className(), k -> new ArrayList<>()).add(f);
    }
    Map<String, JsonNode> classes = new LinkedHashMap<>();
    backup
        .schema()
        .ifPresent(s -> s.path("classes").forEach(c -> classes.put(c.path("class").asText(), c)));
    report.vectors = "source vectors kept as they are (the generic profile embeds nothing)";
    for (Map.Entry<String, List<BackupManifest.FileEntry>> e : byClass.entrySet()) {
      String table = e.getKey();
      if (!NAME.matcher(table).matches()) {
        report.failed(table, "*", "the class name is not a table name (letters, digits and _)");
        continue;
      }
      Shape shape = shape(backup, e.getValue(), classes.get(table));
      Schema schema = schema(shape);
      report.read(table, shape.objects());
      List<Map<String, Object>> batch = new ArrayList<>();
      long[] done = {0};
      long[] written = {0};
      long[] sent = {0};
      for (BackupManifest.FileEntry f : e.getValue()) {
        backup.forEachObject(
            f,
            o -> {
              try {
                batch.add(row(o, f.tenant(), shape));
              } catch (InvalidInputException ex) {
                report.failed(table, o.path("id").asText(), ex.getMessage());
              }
              done[0]++;
              if (batch.size() >= batchSize) {
                sent[0] += batch.size();
                written[0] += flush(table, schema, shape, batch);
                progress.update(table, done[0], shape.objects());
              }
            });
      }
      sent[0] += batch.size();
      written[0] += flush(table, schema, shape, batch);
      progress.update(table, done[0], shape.objects());
      if (dryRun) {
        report.wouldWrite(table, sent[0]);
      } else {
        // A repeated or resumed run sends every row; the ones already there are replaced by the
        // same data and counted as skipped, not written.
        report.written(table, written[0]);
        report.skipped(table, sent[0] - written[0]);
      }
      out.accept(table + ": " + schema.getFields().size() + " columns " + columnsOf(schema));
    }
    return report;
  }

  private static List<String> columnsOf(Schema s) {
    return s.getFields().stream().map(f -> f.getName() + ":" + f.getType()).toList();
  }

  /** Writes the batch; returns how many of its rows were new to the store. */
  private long flush(String table, Schema schema, Shape shape, List<Map<String, Object>> batch) {
    long inserted = 0;
    if (!batch.isEmpty() && !dryRun) {
      inserted =
          store.upsertRows(
              table, schema, shape.tenants() ? List.of("id", "tenant") : List.of("id"), batch);
    }
    batch.clear();
    return inserted;
  }

  /** Column name for a property: itself, or prop_<name> where it would clash or is not a name. */
  static String column(String property) {
    String c = property.replaceAll("[^A-Za-z0-9_]", "_");
    return RESERVED.contains(c) || c.startsWith("vector_") || !NAME.matcher(c).matches()
        ? "prop_" + c
        : c;
  }

  private Shape shape(Backup backup, List<BackupManifest.FileEntry> files, JsonNode definition)
      throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    if (definition != null) {
      definition
          .path("properties")
          .forEach(
              p ->
                  properties.put(
                      p.path("name").asText(), p.path("dataType").path(0).asText("text")));
    }
    Map<String, Integer> vectors = new LinkedHashMap<>();
    boolean tenants = files.stream().anyMatch(f -> f.tenant() != null && !f.tenant().isEmpty());
    long[] objects = {0};
    for (BackupManifest.FileEntry f : files) {
      backup.forEachObject(
          f,
          o -> {
            objects[0]++;
            if (o.path("vector").isArray() && o.path("vector").size() > 0) {
              vectors.putIfAbsent("vector", o.path("vector").size());
            }
            o.path("vectors")
                .fields()
                .forEachRemaining(
                    v -> {
                      boolean multi = v.getValue().size() > 0 && v.getValue().path(0).isArray();
                      vectors.putIfAbsent(
                          "vector_" + v.getKey().replaceAll("[^A-Za-z0-9_]", "_"),
                          multi ? 0 : v.getValue().size());
                    });
            if (definition == null) {
              o.path("properties")
                  .fields()
                  .forEachRemaining(
                      p -> {
                        if (!p.getValue().isNull()) {
                          properties.putIfAbsent(p.getKey(), inferred(p.getValue()));
                        }
                      });
            }
          });
    }
    List<String> renamed = new ArrayList<>();
    properties
        .keySet()
        .forEach(
            p -> {
              if (!column(p).equals(p)) {
                renamed.add(p + " -> " + column(p));
              }
            });
    if (!renamed.isEmpty()) {
      report.note("columns renamed (reserved or not a column name): " + renamed);
    }
    return new Shape(properties, vectors, tenants, objects[0]);
  }

  /** A dataType for a value seen in a backup without a schema. */
  private static String inferred(JsonNode v) {
    if (v.isArray()) {
      JsonNode first = v.size() > 0 ? v.get(0) : null;
      if (first != null && first.has("beacon")) {
        return "Reference";
      }
      return first == null || first.isTextual()
          ? "text[]"
          : first.isIntegralNumber()
              ? "int[]"
              : first.isNumber() ? "number[]" : first.isBoolean() ? "boolean[]" : "object[]";
    }
    return v.isTextual()
        ? "text"
        : v.isIntegralNumber()
            ? "int"
            : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : "object";
  }

  private static Schema schema(Shape shape) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.notNullable("id", ArrowType.Utf8.INSTANCE));
    if (shape.tenants()) {
      fields.add(Field.notNullable("tenant", ArrowType.Utf8.INSTANCE));
    }
    shape.properties().forEach((p, type) -> fields.add(GenericTypes.field(column(p), type)));
    shape
        .vectors()
        .forEach(
            (name, dim) ->
                fields.add(
                    dim == 0
                        ? Field.nullable(name, ArrowType.Utf8.INSTANCE)
                        : new Field(
                            name,
                            FieldType.nullable(new ArrowType.FixedSizeList(dim)),
                            List.of(
                                Field.nullable(
                                    "item",
                                    new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));
    return new Schema(fields, Map.of("jive.schema", "generic/1"));
  }

  private static Map<String, Object> row(ObjectNode o, String tenant, Shape shape) {
    Map<String, Object> row = new LinkedHashMap<>();
    String id = o.path("id").asText("");
    if (id.isEmpty()) {
      throw new InvalidInputException("id", "the object has no id");
    }
    row.put("id", id);
    if (shape.tenants()) {
      row.put("tenant", tenant == null ? "" : tenant);
    }
    JsonNode props = o.path("properties");
    shape
        .properties()
        .forEach((p, type) -> row.put(column(p), GenericTypes.value(p, type, props.get(p))));
    shape
        .vectors()
        .forEach(
            (name, dim) -> {
              JsonNode v = name.equals("vector") ? o.path("vector") : vectorNamed(o, name);
              if (v == null || !v.isArray() || v.size() == 0) {
                return;
              }
              if (dim == 0) {
                row.put(name, v.toString());
                return;
              }
              if (v.size() != dim) {
                throw new InvalidInputException(
                    name,
                    "has " + v.size() + " dimensions where the class's other objects have " + dim);
              }
              float[] f = new float[dim];
              for (int i = 0; i < dim; i++) {
                f[i] = (float) v.get(i).asDouble();
              }
              row.put(name, f);
            });
    return row;
  }

  private static JsonNode vectorNamed(ObjectNode o, String column) {
    JsonNode[] found = {null};
    o.path("vectors")
        .fields()
        .forEachRemaining(
            v -> {
              if (("vector_" + v.getKey().replaceAll("[^A-Za-z0-9_]", "_")).equals(column)) {
                found[0] = v.getValue();
              }
            });
    return found[0];
  }
}
