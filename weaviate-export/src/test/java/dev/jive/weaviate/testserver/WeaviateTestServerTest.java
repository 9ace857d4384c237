package dev.jive.weaviate.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.weaviate.client.Config;
import io.weaviate.client.WeaviateAuthClient;
import io.weaviate.client.WeaviateClient;
import io.weaviate.client.base.Result;
import io.weaviate.client.v1.batch.model.ObjectGetResponse;
import io.weaviate.client.v1.data.model.WeaviateObject;
import io.weaviate.client.v1.graphql.model.GraphQLResponse;
import io.weaviate.client.v1.graphql.query.fields.Field;
import io.weaviate.client.v1.misc.model.MultiTenancyConfig;
import io.weaviate.client.v1.schema.model.ActivityStatus;
import io.weaviate.client.v1.schema.model.DataType;
import io.weaviate.client.v1.schema.model.Property;
import io.weaviate.client.v1.schema.model.Tenant;
import io.weaviate.client.v1.schema.model.WeaviateClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test server checked with Weaviate's official Java client (REST). */
class WeaviateTestServerTest {
  WeaviateTestServer server;
  WeaviateClient client;

  @BeforeEach
  void start() throws Exception {
    server = WeaviateTestServer.start(0, "test-key");
    client =
        WeaviateAuthClient.apiKey(new Config("http", "127.0.0.1:" + server.port()), "test-key");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Property prop(String name, String type) {
    return Property.builder().name(name).dataType(List.of(type)).build();
  }

  @Test
  void schemaIsStoredWithServerDefaultsAndDuplicatesAreRefused() {
    WeaviateClass article =
        WeaviateClass.builder()
            .className("Article")
            .properties(List.of(prop("title", DataType.TEXT), prop("count", DataType.INT)))
            .build();
    assertThat(client.schema().classCreator().withClass(article).run().getResult()).isTrue();
    Result<Boolean> again = client.schema().classCreator().withClass(article).run();
    assertThat(again.hasErrors()).isTrue();
    assertThat(again.getError().getStatusCode()).isEqualTo(422);

    WeaviateClass stored = client.schema().classGetter().withClassName("Article").run().getResult();
    assertThat(stored.getVectorIndexType()).isEqualTo("hnsw");
    assertThat(stored.getVectorizer()).isEqualTo("none");
    assertThat(stored.getMultiTenancyConfig().getEnabled()).isFalse();
    assertThat(stored.getProperties())
        .extracting(Property::getTokenization)
        .containsExactly("word", null);
    assertThat(client.misc().metaGetter().run().getResult().getVersion()).isEqualTo("1.39.0");
  }

  @Test
  void batchesPageByUuidBytesWithAnExclusiveCursorAndCountViaGraphql() {
    client
        .schema()
        .classCreator()
        .withClass(
            WeaviateClass.builder()
                .className("Doc")
                .properties(List.of(prop("n", DataType.INT)))
                .build())
        .run();
    List<String> ids = new ArrayList<>();
    List<WeaviateObject> objects = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String id = UUID.randomUUID().toString().toUpperCase();
      ids.add(id.toLowerCase());
      objects.add(
          WeaviateObject.builder()
              .className("Doc")
              .id(id)
              .properties(Map.of("n", i))
              .vector(new Float[] {i * 1f, 1f, 0.5f})
              .build());
    }
    Result<ObjectGetResponse[]> batch =
        client.batch().objectsBatcher().withObjects(objects.toArray(new WeaviateObject[0])).run();
    assertThat(batch.getResult())
        .hasSize(250)
        .allSatisfy(r -> assertThat(r.getResult().getErrors()).isNull());

    List<String> seen = new ArrayList<>();
    String after = null;
    while (true) {
      var getter = client.data().objectsGetter().withClassName("Doc").withLimit(40).withVector();
      if (after != null) {
        getter = getter.withAfter(after);
      }
      List<WeaviateObject> page = getter.run().getResult();
      if (page == null || page.isEmpty()) {
        break;
      }
      assertThat(page.get(0).getVector()).hasSize(3);
      page.forEach(o -> seen.add(o.getId()));
      after = page.get(page.size() - 1).getId();
    }
    ids.sort(String::compareTo);
    assertThat(seen).containsExactlyElementsOf(ids);

    GraphQLResponse count =
        client
            .graphQL()
            .aggregate()
            .withClassName("Doc")
            .withFields(
                Field.builder().name("meta").fields(Field.builder().name("count").build()).build())
            .run()
            .getResult();
    assertThat(count.getData().toString()).contains("count=250");

    // Upsert by id: the same ids again change nothing in the count.
    client
        .batch()
        .objectsBatcher()
        .withObjects(objects.subList(0, 10).toArray(new WeaviateObject[0]))
        .run();
    assertThat(
            client
                .graphQL()
                .aggregate()
                .withClassName("Doc")
                .withFields(
                    Field.builder()
                        .name("meta")
                        .fields(Field.builder().name("count").build())
                        .build())
                .run()
                .getResult()
                .getData()
                .toString())
        .contains("count=250");
  }

  @Test
  void namedAndMultiVectorsRoundTrip() {
    Map<String, WeaviateClass.VectorConfig> vectors = new HashMap<>();
    vectors.put(
        "title",
        WeaviateClass.VectorConfig.builder()
            .vectorizer(Map.of("none", Map.of()))
            .vectorIndexType("hnsw")
            .build());
    vectors.put(
        "colbert",
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
                .vectorConfig(vectors)
                .properties(List.of(prop("title", DataType.TEXT)))
                .build())
        .run();
    String id = UUID.randomUUID().toString();
    client
        .batch()
        .objectsBatcher()
        .withObjects(
            WeaviateObject.builder()
                .className("Named")
                .id(id)
                .properties(Map.of("title", "x"))
                .vectors(Map.of("title", new Float[] {1f, 2f}))
                .multiVectors(Map.of("colbert", new Float[][] {{0.5f, 0.5f}, {1.5f, 1.5f}}))
                .build())
        .run();
    WeaviateObject read =
        client.data().objectsGetter().withClassName("Named").withVector().run().getResult().get(0);
    assertThat(read.getVectors().get("title")).containsExactly(1f, 2f);
    assertThat(read.getMultiVectors().get("colbert")[1]).containsExactly(1.5f, 1.5f);
  }

  @Test
  void tenantsBehaveAsWeaviateDoes() {
    client
        .schema()
        .classCreator()
        .withClass(
            WeaviateClass.builder()
                .className("Note")
                .multiTenancyConfig(MultiTenancyConfig.builder().enabled(true).build())
                .properties(List.of(prop("text", DataType.TEXT)))
                .build())
        .run();
    client
        .schema()
        .tenantsCreator()
        .withClassName("Note")
        .withTenants(
            Tenant.builder().name("a").activityStatus(ActivityStatus.ACTIVE).build(),
            Tenant.builder().name("cold").activityStatus(ActivityStatus.INACTIVE).build())
        .run();
    assertThat(client.schema().tenantsGetter().withClassName("Note").run().getResult())
        .extracting(Tenant::getName)
        .containsExactly("a", "cold");

    ObjectGetResponse[] results =
        client
            .batch()
            .objectsBatcher()
            .withObjects(
                WeaviateObject.builder()
                    .className("Note")
                    .id(UUID.randomUUID().toString())
                    .tenant("a")
                    .properties(Map.of("text", "ok"))
                    .build(),
                WeaviateObject.builder()
                    .className("Note")
                    .id(UUID.randomUUID().toString())
                    .properties(Map.of("text", "no tenant"))
                    .build(),
                WeaviateObject.builder()
                    .className("Note")
                    .id(UUID.randomUUID().toString())
                    .tenant("cold")
                    .properties(Map.of("text", "inactive"))
                    .build())
            .run()
            .getResult();
    assertThat(results[0].getResult().getErrors()).isNull();
    assertThat(results[1].getResult().getErrors().getError().get(0).getMessage())
        .contains("multi-tenancy enabled, but request was without tenant");
    assertThat(results[2].getResult().getErrors().getError().get(0).getMessage())
        .contains("tenant not active");

    assertThat(
            client.data().objectsGetter().withClassName("Note").withTenant("a").run().getResult())
        .hasSize(1);
    var withoutTenant = client.data().objectsGetter().withClassName("Note").run();
    assertThat(withoutTenant.getError().getStatusCode()).isEqualTo(422);
    var unknown = client.data().objectsGetter().withClassName("Note").withTenant("nope").run();
    assertThat(unknown.getError().getMessages().get(0).getMessage()).contains("tenant not found");
  }

  @Test
  void limitsAndCursorMisuseAre422AndAMissingKeyIs401() throws Exception {
    client
        .schema()
        .classCreator()
        .withClass(WeaviateClass.builder().className("Doc").build())
        .run();
    assertThat(
            client
                .data()
                .objectsGetter()
                .withClassName("Doc")
                .withOffset(9_990)
                .withLimit(20)
                .run()
                .getError()
                .getStatusCode())
        .isEqualTo(422);
    assertThat(
            client
                .data()
                .objectsGetter()
                .withClassName("Doc")
                .withAfter(UUID.randomUUID().toString())
                .withOffset(1)
                .run()
                .getError()
                .getStatusCode())
        .isEqualTo(422);
    var empty = client.batch().objectsBatcher().run();
    assertThat(empty.hasErrors() || empty.getResult() == null || empty.getResult().length == 0)
        .isTrue();

    WeaviateClient anonymous = new WeaviateClient(new Config("http", "127.0.0.1:" + server.port()));
    assertThat(anonymous.schema().getter().run().getError().getStatusCode()).isEqualTo(401);
  }

  @Test
  void faultsCanBeInjectedAndTheClientRetries429ByItself() {
    server.faults().failEvery(2, 500);
    int failures = 0;
    for (int i = 0; i < 6; i++) {
      if (client.schema().getter().run().hasErrors()) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(3);

    // Apache HttpClient 5 (under the official client) retries 429 on its own: no error surfaces,
    // but the server saw the extra requests.
    server.faults().failEvery(2, 429);
    long before = server.requestCount();
    for (int i = 0; i < 4; i++) {
      assertThat(client.schema().getter().run().hasErrors()).isFalse();
    }
    assertThat(server.requestCount() - before).isGreaterThan(4);
    server.faults().none();
  }
}
