package dev.jive.weaviate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.SourceException;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import io.weaviate.client.Config;
import io.weaviate.client.WeaviateAuthClient;
import io.weaviate.client.WeaviateClient;
import io.weaviate.client.v1.data.model.WeaviateObject;
import io.weaviate.client.v1.misc.model.MultiTenancyConfig;
import io.weaviate.client.v1.schema.model.ActivityStatus;
import io.weaviate.client.v1.schema.model.DataType;
import io.weaviate.client.v1.schema.model.Property;
import io.weaviate.client.v1.schema.model.Tenant;
import io.weaviate.client.v1.schema.model.WeaviateClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "source-key";
  static final List<String> TENANTS = List.of("acme", "globex", "initech");
  static final int PLAIN = 12_000;
  static final int NAMED = 6_000;
  static final int PER_TENANT = 2_334;

  @TempDir static Path dir;
  static WeaviateTestServer source;

  @BeforeAll
  static void populate() throws Exception {
    source = WeaviateTestServer.start(0, KEY);
    WeaviateClient client =
        WeaviateAuthClient.apiKey(new Config("http", "127.0.0.1:" + source.port()), KEY);
    client
        .schema()
        .classCreator()
        .withClass(
            WeaviateClass.builder()
                .className("Author")
                .properties(List.of(p("name", DataType.TEXT)))
                .build())
        .run();
    List<Property> all =
        new ArrayList<>(
            List.of(
                p("title", DataType.TEXT),
                p("count", DataType.INT),
                p("score", DataType.NUMBER),
                p("done", DataType.BOOLEAN),
                p("published", DataType.DATE),
                p("tags", DataType.TEXT_ARRAY),
                p("ref_id", DataType.UUID),
                p("location", DataType.GEO_COORDINATES),
                p("phone", DataType.PHONE_NUMBER),
                p("writtenBy", "Author")));
    all.add(
        Property.builder()
            .name("meta")
            .dataType(List.of(DataType.OBJECT))
            .nestedProperties(
                List.of(
                    Property.NestedProperty.builder()
                        .name("source")
                        .dataType(List.of(DataType.TEXT))
                        .build(),
                    Property.NestedProperty.builder()
                        .name("rank")
                        .dataType(List.of(DataType.INT))
                        .build()))
            .build());
    client
        .schema()
        .classCreator()
        .withClass(WeaviateClass.builder().className("Article").properties(all).build())
        .run();
    Map<String, WeaviateClass.VectorConfig> named = new HashMap<>();
    named.put(
        "title",
        WeaviateClass.VectorConfig.builder()
            .vectorizer(Map.of("none", Map.of()))
            .vectorIndexType("hnsw")
            .build());
    named.put(
        "body",
        WeaviateClass.VectorConfig.builder()
            .vectorizer(Map.of("none", Map.of()))
            .vectorIndexType("hnsw")
            .build());
    client
        .schema()
        .classCreator()
        .withClass(
            WeaviateClass.builder()
                .className("Named")
                .vectorConfig(named)
                .properties(List.of(p("title", DataType.TEXT), p("count", DataType.INT)))
                .build())
        .run();
    client
        .schema()
        .classCreator()
        .withClass(
            WeaviateClass.builder()
                .className("Note")
                .multiTenancyConfig(MultiTenancyConfig.builder().enabled(true).build())
                .properties(List.of(p("text", DataType.TEXT), p("n", DataType.INT)))
                .build())
        .run();
    client
        .schema()
        .tenantsCreator()
        .withClassName("Note")
        .withTenants(
            TENANTS.stream()
                .map(t -> Tenant.builder().name(t).activityStatus(ActivityStatus.ACTIVE).build())
                .toArray(Tenant[]::new))
        .run();

    Random random = new Random(1);
    List<String> authors = new ArrayList<>();
    List<WeaviateObject> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = uuid(random);
      authors.add(id);
      batch.add(
          WeaviateObject.builder()
              .className("Author")
              .id(id)
              .properties(Map.of("name", "Author " + i))
              .vector(vec(random, 8))
              .build());
    }
    flush(client, batch);
    for (int i = 0; i < PLAIN; i++) {
      Map<String, Object> props = new HashMap<>();
      props.put("title", "Article " + i + " 'quoted' ü");
      props.put("count", i);
      props.put("score", i / 7.0);
      props.put("done", i % 2 == 0);
      props.put("published", Instant.ofEpochSecond(1_700_000_000L + i).toString());
      props.put("tags", new String[] {"t" + (i % 5), "all"});
      props.put("ref_id", uuid(random));
      props.put("location", Map.of("latitude", 52.5 + i / 1e5, "longitude", 13.4));
      props.put("phone", Map.of("input", "+49 30 " + (1000000 + i), "defaultCountry", "DE"));
      props.put("meta", Map.of("source", "import", "rank", i % 10));
      props.put(
          "writtenBy",
          List.of(
              Map.of("beacon", "weaviate://localhost/Author/" + authors.get(i % authors.size()))));
      batch.add(
          WeaviateObject.builder()
              .className("Article")
              .id(uuid(random))
              .properties(props)
              .vector(vec(random, 32))
              .build());
      if (batch.size() == 500) {
        flush(client, batch);
      }
    }
    for (int i = 0; i < NAMED; i++) {
      batch.add(
          WeaviateObject.builder()
              .className("Named")
              .id(uuid(random))
              .properties(Map.of("title", "Named " + i, "count", i))
              .vectors(Map.of("title", vec(random, 16), "body", vec(random, 24)))
              .build());
      if (batch.size() == 500) {
        flush(client, batch);
      }
    }
    for (String tenant : TENANTS) {
      for (int i = 0; i < PER_TENANT; i++) {
        batch.add(
            WeaviateObject.builder()
                .className("Note")
                .id(uuid(random))
                .tenant(tenant)
                .properties(Map.of("text", tenant + " note " + i, "n", i))
                .vector(vec(random, 8))
                .build());
        if (batch.size() == 500) {
          flush(client, batch);
        }
      }
    }
    flush(client, batch);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  static Property p(String name, String type) {
    return Property.builder().name(name).dataType(List.of(type)).build();
  }

  static String uuid(Random r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }

  static Float[] vec(Random r, int dim) {
    Float[] v = new Float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  static void flush(WeaviateClient client, List<WeaviateObject> batch) {
    if (batch.isEmpty()) {
      return;
    }
    var result =
        client.batch().objectsBatcher().withObjects(batch.toArray(new WeaviateObject[0])).run();
    assertThat(result.getError()).isNull();
    for (var r : result.getResult()) {
      assertThat(r.getResult().getErrors()).as("object %s", r.getId()).isNull();
    }
    batch.clear();
  }

  static ExportOptions options(WeaviateTestServer server, String name) {
    return ExportOptions.of(server.url(), KEY)
        .withPageSize(700)
        .withRetries(5, Duration.ofMillis(1))
        .withClock(Clock.fixed(Instant.parse("2026-11-21T14:00:00Z"), ZoneOffset.UTC));
  }

  /** Every object of a server, by class/tenant and id, times removed (the server sets them). */
  static Map<String, JsonNode> everything(WeaviateTestServer server) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    WeaviateHttp http = new WeaviateHttp(server.url(), KEY, 0, Duration.ZERO, ms -> {});
    for (JsonNode c : http.get("/v1/schema", "schema").body().path("classes")) {
      String name = c.path("class").asText();
      List<String> tenants = new ArrayList<>();
      if (c.path("multiTenancyConfig").path("enabled").asBoolean()) {
        http.get("/v1/schema/" + name + "/tenants", "t")
            .body()
            .forEach(t -> tenants.add(t.path("name").asText()));
      } else {
        tenants.add(null);
      }
      for (String tenant : tenants) {
        String after = null;
        while (true) {
          JsonNode page =
              http.get(
                      "/v1/objects?class="
                          + name
                          + "&limit=1000&include=vector"
                          + (tenant == null ? "" : "&tenant=" + tenant)
                          + (after == null ? "" : "&after=" + after),
                      "page")
                  .body()
                  .path("objects");
          if (page.isEmpty()) {
            break;
          }
          for (JsonNode o : page) {
            ObjectNode copy = o.deepCopy();
            copy.remove("creationTimeUnix");
            copy.remove("lastUpdateTimeUnix");
            out.put(name + "/" + tenant + "/" + o.path("id").asText(), copy);
          }
          after = page.get(page.size() - 1).path("id").asText();
        }
      }
    }
    return out;
  }

  @Test
  void exportThenRestoreIntoAnEmptyServerReproducesEveryObjectAndVector() throws Exception {
    ExportReport report =
        new WeaviateExporter(options(source, "a"))
            .export(Files.createDirectories(dir.resolve("a")));
    assertThat(report.totalObjects()).isEqualTo(50 + PLAIN + NAMED + 3L * PER_TENANT);
    assertThat(report.totalObjects()).isGreaterThanOrEqualTo(25_000);
    Backup backup = Backup.open(report.backup());
    assertThat(backup.manifest().files()).hasSize(6);
    assertThat(backup.manifest().sourceUrl()).isEqualTo(source.url());

    try (WeaviateTestServer target = WeaviateTestServer.start(0, KEY)) {
      WeaviateRestorer dry = new WeaviateRestorer(target.url(), KEY, List.of(), 200, true);
      RestoreReport plan = dry.restore(backup);
      assertThat(plan.dryRun()).isTrue();
      assertThat(plan.classesCreated()).containsExactly("Author", "Article", "Named", "Note");
      assertThat(everything(target)).isEmpty();

      RestoreReport restored =
          new WeaviateRestorer(target.url(), KEY, List.of(), 200, false).restore(backup);
      assertThat(restored.failures()).isEmpty();
      assertThat(restored.totalObjects()).isEqualTo(report.totalObjects());
      assertThat(restored.referencesWritten()).isEqualTo(PLAIN);
      Map<String, JsonNode> expected = everything(source);
      Map<String, JsonNode> actual = everything(target);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      for (String key : expected.keySet()) {
        assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
      }

      // Again: idempotent, the same ids are upserted and nothing is duplicated.
      RestoreReport again =
          new WeaviateRestorer(target.url(), KEY, List.of(), 200, false).restore(backup);
      assertThat(again.classesExisting()).containsExactly("Author", "Article", "Named", "Note");
      assertThat(again.failures()).isEmpty();
      assertThat(everything(target)).hasSameSizeAs(expected);
    }
  }

  @Test
  void anExportUnderInjectedFaultsIsByteIdentical() throws Exception {
    Backup clean =
        Backup.open(
            new WeaviateExporter(options(source, "clean"))
                .export(Files.createDirectories(dir.resolve("clean")))
                .backup());
    source.faults().failEvery(7, 500);
    List<String> pages = new ArrayList<>();
    Path faulty;
    try {
      faulty =
          new WeaviateExporter(options(source, "faulty"))
              .onProgress(
                  line -> {
                    pages.add(line);
                    if (line.endsWith(": 700 objects")) {
                      source
                          .faults()
                          .dropNextConnection(); // one dropped connection per class (or tenant)
                    }
                  })
              .export(Files.createDirectories(dir.resolve("faulty")))
              .backup();
    } finally {
      source.faults().none();
    }
    Backup f = Backup.open(faulty);
    assertThat(f.manifest().files())
        .extracting(BackupManifest.FileEntry::sha256)
        .containsExactlyElementsOf(
            clean.manifest().files().stream().map(BackupManifest.FileEntry::sha256).toList());
    assertThat(f.manifest().schemaSha256()).isEqualTo(clean.manifest().schemaSha256());
    for (BackupManifest.FileEntry e : clean.manifest().files()) {
      assertThat(Files.readAllBytes(faulty.resolve(e.path())))
          .isEqualTo(Files.readAllBytes(clean.location().resolve(e.path())));
    }
  }

  @Test
  void aPageThatKeepsFailingStopsWithClassTenantAndCursor() throws Exception {
    try (WeaviateTestServer broken = WeaviateTestServer.start(0, KEY)) {
      WeaviateClient client =
          WeaviateAuthClient.apiKey(new Config("http", "127.0.0.1:" + broken.port()), KEY);
      client
          .schema()
          .classCreator()
          .withClass(WeaviateClass.builder().className("Doc").build())
          .run();
      broken.faults().failEvery(1, 503);
      Path out = Files.createDirectories(dir.resolve("broken"));
      assertThatThrownBy(
              () ->
                  new WeaviateExporter(options(broken, "x").withRetries(2, Duration.ofMillis(1)))
                      .export(out))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("failed after 3 attempts");
      broken.faults().none();
      assertThat(
              Files.list(out)
                  .noneMatch(
                      p ->
                          p.getFileName().toString().startsWith("weaviate_backup_")
                              && !p.toString().endsWith(".partial")))
          .isTrue();
    }
  }

  @Test
  void inactiveTenantsAreReportedOrExportedOnlyWhenAllowed() throws Exception {
    try (WeaviateTestServer server = WeaviateTestServer.start(0, KEY)) {
      WeaviateClient client =
          WeaviateAuthClient.apiKey(new Config("http", "127.0.0.1:" + server.port()), KEY);
      client
          .schema()
          .classCreator()
          .withClass(
              WeaviateClass.builder()
                  .className("Note")
                  .multiTenancyConfig(MultiTenancyConfig.builder().enabled(true).build())
                  .properties(List.of(p("text", DataType.TEXT)))
                  .build())
          .run();
      client
          .schema()
          .tenantsCreator()
          .withClassName("Note")
          .withTenants(
              Tenant.builder().name("hot").activityStatus(ActivityStatus.ACTIVE).build(),
              Tenant.builder().name("cold").activityStatus(ActivityStatus.ACTIVE).build())
          .run();
      client
          .batch()
          .objectsBatcher()
          .withObjects(
              WeaviateObject.builder()
                  .className("Note")
                  .id(UUID.randomUUID().toString())
                  .tenant("hot")
                  .properties(Map.of("text", "a"))
                  .build(),
              WeaviateObject.builder()
                  .className("Note")
                  .id(UUID.randomUUID().toString())
                  .tenant("cold")
                  .properties(Map.of("text", "b"))
                  .build())
          .run();
      client
          .schema()
          .tenantsUpdater()
          .withClassName("Note")
          .withTenants(
              Tenant.builder().name("cold").activityStatus(ActivityStatus.INACTIVE).build())
          .run();

      ExportReport skipped =
          new WeaviateExporter(options(server, "s"))
              .export(Files.createDirectories(dir.resolve("skip")));
      assertThat(skipped.inactiveTenantsSkipped()).containsExactly("Note/cold (INACTIVE)");
      assertThat(skipped.totalObjects()).isEqualTo(1);

      ExportReport all =
          new WeaviateExporter(
                  options(server, "s")
                      .withActivateInactiveTenants(true)
                      .withClock(
                          Clock.fixed(Instant.parse("2026-11-21T15:00:00Z"), ZoneOffset.UTC)))
              .export(Files.createDirectories(dir.resolve("all")));
      assertThat(all.inactiveTenantsSkipped()).isEmpty();
      assertThat(all.totalObjects()).isEqualTo(2);
      assertThat(client.schema().tenantsGetter().withClassName("Note").run().getResult())
          .filteredOn(t -> t.getName().equals("cold"))
          .extracting(Tenant::getActivityStatus)
          .containsExactly("INACTIVE");
    }
  }

  @Test
  void wrongKeyAndUnknownClassAreClearErrors() throws Exception {
    Path out = Files.createDirectories(dir.resolve("errors"));
    assertThatThrownBy(
            () -> new WeaviateExporter(ExportOptions.of(source.url(), "wrong")).export(out))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("refused the credentials (HTTP 401)")
        .hasMessageNotContaining("wrong");
    assertThatThrownBy(
            () ->
                new WeaviateExporter(options(source, "x").withClasses(List.of("Nope"))).export(out))
        .hasMessageContaining("unknown class 'Nope'");
  }

  @Test
  void restoreCoercesValuesToTheirDataType() {
    assertThat(ValueCoercion.coerce(JSON.getNodeFactory().numberNode(4.0), "int").toString())
        .isEqualTo("4");
    assertThat(ValueCoercion.coerce(JSON.getNodeFactory().numberNode(4.5), "int").toString())
        .isEqualTo("4.5");
    assertThat(ValueCoercion.coerce(JSON.getNodeFactory().numberNode(3), "number").toString())
        .isEqualTo("3.0");
    assertThat(
            ValueCoercion.coerce(JSON.getNodeFactory().numberNode(1_700_000_000_000L), "date")
                .asText())
        .isEqualTo("2023-11-14T22:13:20Z");
    assertThat(ValueCoercion.coerce(JSON.createArrayNode().add(1.0).add(2.0), "int[]").toString())
        .isEqualTo("[1,2]");
  }
}
