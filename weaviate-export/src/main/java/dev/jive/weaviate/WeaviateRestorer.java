package dev.jive.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Restores a backup into Weaviate (the rollback path): classes first, without their cross-reference
 * properties and without the fields the server fills in; then tenants; then the objects in batches,
 * values coerced to each property's dataType; then the cross-reference properties and the objects
 * holding references, once everything they point to exists. Idempotent: existing classes are kept
 * and objects are upserted by id. Per-object failures are collected, not thrown.
 */
public final class WeaviateRestorer {
  /** Fields Weaviate fills in or owns; sending them back is refused or meaningless. */
  private static final Set<String> SHARDING_OWNED = Set.of("actualCount", "actualVirtualCount");

  private final WeaviateHttp http;
  private final List<String> only;
  private final int batchSize;
  private final boolean dryRun;
  private Consumer<String> progress = line -> {};

  public WeaviateRestorer(
      String url, String apiKey, List<String> classes, int batchSize, boolean dryRun) {
    if (batchSize < 1 || batchSize > 1000) {
      throw new InvalidInputException("batch_size", "must be 1..1000, got " + batchSize);
    }
    this.http = new WeaviateHttp(url, apiKey, 5, Duration.ofMillis(200), WeaviateHttp::sleep);
    this.only = classes == null ? List.of() : List.copyOf(classes);
    this.batchSize = batchSize;
    this.dryRun = dryRun;
  }

  private boolean inferSchema;

  public WeaviateRestorer onProgress(Consumer<String> listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Restores a backup without a schema (the old single-file export) with one read off its objects
   * ({@link InferredSchema}): for the test server's rehearsals, not for a real rollback.
   */
  public WeaviateRestorer inferMissingSchema() {
    this.inferSchema = true;
    return this;
  }

  public RestoreReport restore(Backup backup) throws IOException {
    JsonNode schema =
        backup.schema().isPresent() || !inferSchema
            ? backup
                .schema()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "backup",
                            backup.location()
                                + " is an old single-file backup without a schema; restore needs a"
                                + " backup folder (jive-migrate backup writes one)"))
            : InferredSchema.of(backup);
    Map<String, ObjectNode> classes = new LinkedHashMap<>();
    for (JsonNode c : schema.path("classes")) {
      String name = c.path("class").asText();
      if (only.isEmpty() || only.contains(name)) {
        classes.put(name, (ObjectNode) c);
      }
    }
    for (String wanted : only) {
      if (!classes.containsKey(wanted)) {
        throw new InvalidInputException("classes", "the backup has no class '" + wanted + "'");
      }
    }
    Set<String> existing = existingClasses();
    List<String> created = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Map<String, Map<String, String>> types = new HashMap<>();
    for (ObjectNode c : classes.values()) {
      String name = c.path("class").asText();
      Map<String, String> t = new HashMap<>();
      c.path("properties")
          .forEach(p -> t.put(p.path("name").asText(), p.path("dataType").path(0).asText()));
      types.put(name, t);
      if (existing.contains(name)) {
        kept.add(name);
      } else {
        created.add(name);
        if (!dryRun) {
          WeaviateHttp.ok(
              http.post("/v1/schema", withoutReferences(strip(c)), "create class " + name),
              "create class " + name);
        }
      }
    }
    Map<String, List<BackupManifest.TenantEntry>> tenants = new LinkedHashMap<>();
    for (BackupManifest.ClassEntry c : backup.manifest().classes()) {
      if (classes.containsKey(c.name()) && c.multiTenant()) {
        tenants.put(c.name(), c.tenants());
        if (!dryRun) {
          setTenants(c.name(), c.tenants(), true);
        }
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    List<RestoreReport.Failure> failures = new ArrayList<>();
    List<BackupManifest.FileEntry> withRefs = new ArrayList<>();
    for (BackupManifest.FileEntry f : backup.manifest().files()) {
      if (!classes.containsKey(f.className())) {
        continue;
      }
      Map<String, String> t = types.get(f.className());
      boolean hasRefs = t.values().stream().anyMatch(ValueCoercion::isReference);
      if (hasRefs) {
        withRefs.add(f);
      }
      long n = importFile(backup, f, t, false, failures);
      counts.merge(f.className(), n, Long::sum);
    }
    long refs = 0;
    for (ObjectNode c : classes.values()) {
      String name = c.path("class").asText();
      for (JsonNode p : c.path("properties")) {
        if (ValueCoercion.isReference(p.path("dataType").path(0).asText())
            && !dryRun
            && !existing.contains(name)) {
          WeaviateHttp.ok(
              http.post(
                  "/v1/schema/" + WeaviateHttp.enc(name) + "/properties",
                  p,
                  "add reference property " + p.path("name").asText()),
              "add reference property");
        }
      }
    }
    for (BackupManifest.FileEntry f : withRefs) {
      refs += importFile(backup, f, types.get(f.className()), true, failures);
    }
    if (!dryRun) {
      for (Map.Entry<String, List<BackupManifest.TenantEntry>> e : tenants.entrySet()) {
        setTenants(e.getKey(), e.getValue(), false);
      }
    }
    return new RestoreReport(dryRun, created, kept, counts, refs, failures);
  }

  /**
   * Sends one file's objects in batches. First pass: every object without its reference values;
   * second pass ({@code references}): only objects that hold references, with all their values.
   */
  private long importFile(
      Backup backup,
      BackupManifest.FileEntry f,
      Map<String, String> types,
      boolean references,
      List<RestoreReport.Failure> failures)
      throws IOException {
    long[] written = {0};
    List<ObjectNode> batch = new ArrayList<>(batchSize);
    backup.forEachObject(
        f,
        o -> {
          ObjectNode out = toRequest(o, f, types, references);
          if (out == null) {
            return;
          }
          batch.add(out);
          if (batch.size() == batchSize) {
            written[0] += send(batch, failures);
            batch.clear();
          }
        });
    if (!batch.isEmpty()) {
      written[0] += send(batch, failures);
    }
    progress.accept(
        f.className()
            + (f.tenant() == null ? "" : "/" + f.tenant())
            + ": "
            + written[0]
            + (references ? " with references" : " objects"));
    return written[0];
  }

  private ObjectNode toRequest(
      ObjectNode o, BackupManifest.FileEntry f, Map<String, String> types, boolean references) {
    ObjectNode props = WeaviateHttp.JSON.createObjectNode();
    boolean hasRef = false;
    var fields = o.path("properties").fields();
    while (fields.hasNext()) {
      var e = fields.next();
      String type = types.get(e.getKey());
      if (ValueCoercion.isReference(type)) {
        hasRef = true;
        if (references) {
          props.set(e.getKey(), e.getValue());
        }
      } else {
        props.set(e.getKey(), ValueCoercion.coerce(e.getValue(), type));
      }
    }
    if (references && !hasRef) {
      return null;
    }
    ObjectNode out = WeaviateHttp.JSON.createObjectNode();
    out.put("class", f.className());
    out.put("id", o.path("id").asText());
    out.set("properties", props);
    if (o.has("vector") && !o.get("vector").isNull()) {
      out.set("vector", o.get("vector"));
    }
    if (o.has("vectors") && !o.get("vectors").isNull()) {
      out.set("vectors", o.get("vectors"));
    }
    if (f.tenant() != null) {
      out.put("tenant", f.tenant());
    }
    return out;
  }

  private long send(List<ObjectNode> batch, List<RestoreReport.Failure> failures) {
    if (dryRun) {
      return batch.size();
    }
    ObjectNode body = WeaviateHttp.JSON.createObjectNode();
    ArrayNode objects = body.putArray("objects");
    batch.forEach(objects::add);
    JsonNode results =
        WeaviateHttp.ok(http.post("/v1/batch/objects", body, "batch of " + batch.size()), "batch");
    long ok = 0;
    for (JsonNode r : results) {
      JsonNode result = r.path("result");
      JsonNode errors = result.path("errors").path("error");
      if ("FAILED".equals(result.path("status").asText())
          || (errors.isArray() && !errors.isEmpty())) {
        failures.add(
            new RestoreReport.Failure(
                r.path("class").asText(),
                r.path("id").asText(),
                errors.path(0).path("message").asText("failed")));
      } else {
        ok++;
      }
    }
    return ok;
  }

  private void setTenants(
      String className, List<BackupManifest.TenantEntry> tenants, boolean active) {
    ArrayNode body = WeaviateHttp.JSON.createArrayNode();
    for (BackupManifest.TenantEntry t : tenants) {
      body.addObject()
          .put("name", t.name())
          .put("activityStatus", active ? "ACTIVE" : t.activityStatus());
    }
    String path = "/v1/schema/" + WeaviateHttp.enc(className) + "/tenants";
    WeaviateHttp.ok(
        active
            ? http.post(path, body, "create tenants of " + className)
            : http.put(path, body, "set tenant states of " + className),
        "tenants");
  }

  private Set<String> existingClasses() {
    JsonNode schema = WeaviateHttp.ok(http.get("/v1/schema", "GET /v1/schema"), "GET /v1/schema");
    Set<String> names = new java.util.HashSet<>();
    schema.path("classes").forEach(c -> names.add(c.path("class").asText()));
    return names;
  }

  /** A class definition without what the server filled in or owns. */
  static ObjectNode strip(ObjectNode c) {
    ObjectNode copy = c.deepCopy();
    JsonNode sharding = copy.get("shardingConfig");
    if (sharding instanceof ObjectNode s) {
      SHARDING_OWNED.forEach(s::remove);
    }
    return copy;
  }

  private static ObjectNode withoutReferences(ObjectNode c) {
    ObjectNode copy = c.deepCopy();
    ArrayNode props = WeaviateHttp.JSON.createArrayNode();
    for (JsonNode p : c.path("properties")) {
      if (!ValueCoercion.isReference(p.path("dataType").path(0).asText())) {
        props.add(p);
      }
    }
    copy.set("properties", props);
    return copy;
  }
}
