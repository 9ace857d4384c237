package dev.jive.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jive.core.InvalidInputException;
import dev.jive.core.SourceException;
import dev.jive.weaviate.backup.BackupManifest;
import dev.jive.weaviate.backup.BackupWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a Weaviate server into a backup folder: meta, schema, tenants, then every object of every
 * class (or of the classes asked for) by cursor paging with {@code include=vector}. Objects go
 * straight from each page to the backup file, so memory holds one page however large a class is. A
 * failing page is retried from the same cursor; one that keeps failing stops the export with the
 * class, tenant and cursor in the message (the unfinished backup stays {@code .partial}).
 */
public final class WeaviateExporter {
  private static final Logger LOG = LoggerFactory.getLogger(WeaviateExporter.class);

  private final ExportOptions options;
  private final WeaviateHttp http;
  private final ExecutorService prefetcher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "weaviate-export-prefetch");
            t.setDaemon(true);
            return t;
          });
  private Consumer<String> progress = line -> {};

  public WeaviateExporter(ExportOptions options) {
    this(options, WeaviateHttp::sleep);
  }

  WeaviateExporter(ExportOptions options, java.util.function.LongConsumer sleeper) {
    this.options = options;
    this.http =
        new WeaviateHttp(
            options.url(), options.apiKey(), options.maxRetries(), options.firstBackoff(), sleeper);
  }

  /** Receives one line per page written (for the CLI's progress display). */
  public WeaviateExporter onProgress(Consumer<String> listener) {
    this.progress = listener;
    return this;
  }

  public ExportReport export(Path backupParent) throws IOException {
    try {
      return exportAll(backupParent);
    } finally {
      prefetcher.shutdownNow();
    }
  }

  /**
   * Reads every page of one class (no tenant) exactly as {@link #export} fetches them, and discards
   * them: the ceiling an export or a migration is measured against. Returns the objects read.
   */
  public long readAndDiscard(String className) {
    long count = 0;
    String after = null;
    while (true) {
      PageScanner.Page page = fetch(className, null, after).page();
      if (page.objects().isEmpty()) {
        return count;
      }
      count += page.objects().size();
      after = page.lastId();
    }
  }

  private ExportReport exportAll(Path backupParent) throws IOException {
    long start = System.nanoTime();
    JsonNode meta = WeaviateHttp.ok(http.get("/v1/meta", "GET /v1/meta"), "GET /v1/meta");
    JsonNode schema = WeaviateHttp.ok(http.get("/v1/schema", "GET /v1/schema"), "GET /v1/schema");
    List<JsonNode> classes = selectClasses(schema);
    BackupWriter writer =
        BackupWriter.create(
            backupParent, options.clock(), options.url(), meta.path("version").asText(null));
    writer.writeSchema(schema);
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    List<BackupManifest.ClassEntry> entries = new ArrayList<>();
    for (JsonNode c : classes) {
      String name = c.path("class").asText();
      boolean multiTenant = c.path("multiTenancyConfig").path("enabled").asBoolean(false);
      if (!multiTenant) {
        counts.put(name, exportObjects(writer, name, null));
        entries.add(new BackupManifest.ClassEntry(name, false, List.of()));
        continue;
      }
      List<BackupManifest.TenantEntry> tenants = new ArrayList<>();
      JsonNode list =
          WeaviateHttp.ok(
              http.get("/v1/schema/" + WeaviateHttp.enc(name) + "/tenants", "tenants of " + name),
              "tenants of " + name);
      for (JsonNode t : list) {
        String tenant = t.path("name").asText();
        String status = t.path("activityStatus").asText("ACTIVE");
        tenants.add(new BackupManifest.TenantEntry(tenant, status));
        boolean active = status.equals("ACTIVE") || status.equals("HOT");
        if (!active && !options.activateInactiveTenants()) {
          skipped.add(name + "/" + tenant + " (" + status + ")");
          LOG.warn(
              "Tenant {} of class {} is {}: not exported (allow activating it to export it)",
              tenant,
              name,
              status);
          continue;
        }
        if (!active) {
          setTenantStatus(name, tenant, "ACTIVE");
        }
        try {
          counts.put(name + "/" + tenant, exportObjects(writer, name, tenant));
        } finally {
          if (!active) {
            setTenantStatus(name, tenant, status);
          }
        }
      }
      entries.add(new BackupManifest.ClassEntry(name, true, tenants));
    }
    Path done = writer.finish(entries);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return new ExportReport(
        done, counts, skipped, total, Duration.ofNanos(System.nanoTime() - start));
  }

  private List<JsonNode> selectClasses(JsonNode schema) {
    List<JsonNode> all = new ArrayList<>();
    schema.path("classes").forEach(all::add);
    if (options.classes().isEmpty()) {
      return all;
    }
    Set<String> wanted = Set.copyOf(options.classes());
    List<String> names = all.stream().map(c -> c.path("class").asText()).toList();
    for (String w : wanted) {
      if (!names.contains(w)) {
        throw new InvalidInputException(
            "classes", "unknown class '" + w + "'; the server has " + String.join(", ", names));
      }
    }
    return all.stream().filter(c -> wanted.contains(c.path("class").asText())).toList();
  }

  /**
   * Pages through one class (or tenant). The next page is fetched while the current one is
   * compressed and written: its cursor is known as soon as the page is scanned, and the two use
   * different resources (the server and the network, then this machine's CPU and disk).
   */
  private long exportObjects(BackupWriter writer, String className, String tenant)
      throws IOException {
    long count = 0;
    try (BackupWriter.ObjectSink sink = writer.openObjects(className, tenant)) {
      Fetched current = fetch(className, tenant, null);
      while (!current.page().objects().isEmpty()) {
        String cursor = current.page().lastId();
        CompletableFuture<Fetched> next =
            CompletableFuture.supplyAsync(() -> fetch(className, tenant, cursor), prefetcher);
        for (PageScanner.Slice o : current.page().objects()) {
          sink.writeRaw(current.body(), o.start(), o.end() - o.start());
        }
        count += current.page().objects().size();
        progress.accept(
            className + (tenant == null ? "" : "/" + tenant) + ": " + count + " objects");
        current = join(next);
      }
    }
    return count;
  }

  private record Fetched(byte[] body, PageScanner.Page page) {}

  private Fetched fetch(String className, String tenant, String after) {
    String query =
        "/v1/objects?class="
            + WeaviateHttp.enc(className)
            + "&limit="
            + options.pageSize()
            + "&include=vector"
            + (tenant == null ? "" : "&tenant=" + WeaviateHttp.enc(tenant))
            + (after == null ? "" : "&after=" + WeaviateHttp.enc(after));
    String what =
        "page of class "
            + className
            + (tenant == null ? "" : ", tenant " + tenant)
            + ", after cursor "
            + (after == null ? "(start)" : after);
    byte[] body = http.getRaw(query, what);
    return new Fetched(body, PageScanner.scan(body, what));
  }

  private static Fetched join(CompletableFuture<Fetched> next) {
    try {
      return next.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new SourceException("fetching a page failed: " + e.getCause(), e.getCause());
    }
  }

  private void setTenantStatus(String className, String tenant, String status) {
    ArrayNode body = WeaviateHttp.JSON.createArrayNode();
    body.addObject().put("name", tenant).put("activityStatus", status);
    WeaviateHttp.ok(
        http.put(
            "/v1/schema/" + WeaviateHttp.enc(className) + "/tenants",
            body,
            "set tenant " + tenant + " " + status),
        "set tenant status");
  }
}
