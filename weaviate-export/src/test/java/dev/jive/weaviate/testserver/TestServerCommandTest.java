package dev.jive.weaviate.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestServerCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private TestServerCommand.Outcome start(String... args) {
    return TestServerCommand.start(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBadOptionStopsWithUsageAndExitTwo() {
    assertThat(start("--port", "eighty").exitCode()).isEqualTo(2);
    assertThat(err()).contains("--port takes a number, got 'eighty'").contains("usage:");
    assertThat(start("--generate", "article=ten").exitCode()).isEqualTo(2);
    assertThat(err()).contains("--generate takes CLASS=N");
    assertThat(start("--load").exitCode()).isEqualTo(2);
    assertThat(err()).contains("--load needs a value");
  }

  @Test
  void aBackupThatCannotBeLoadedStopsTheServerWithOneLineAndExitOne() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{ not json");
    TestServerCommand.Outcome o = start("--port", "0", "--load", bad.toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.server()).isNull();
    assertThat(err())
        .startsWith("weaviate-test-server: cannot load " + bad)
        .doesNotContain("\tat ");
  }

  @Test
  void theBundledOldSingleFileSampleLoads() throws Exception {
    Path sample = Path.of("../migration-cli/src/main/resources/sample/weaviate_backup_sample.json");
    TestServerCommand.Outcome o = start("--port", "0", "--load", sample.toString());
    assertThat(o.exitCode()).as(err()).isZero();
    try (WeaviateTestServer server = o.server()) {
      assertThat(err()).contains("loaded ");
      assertThat(count(server, "WorkItem")).isEqualTo("271");
    }
  }

  @Test
  void generatedObjectsAreServedWithTheirVectorsAndTheSameSeedGivesTheSameIds() throws Exception {
    TestServerCommand.Outcome o =
        start("--port", "0", "--generate", "Article=1200", "--generate", "Note=3");
    assertThat(o.exitCode()).as(err()).isZero();
    try (WeaviateTestServer server = o.server()) {
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("ready " + server.url());
      String articles = get(server.url() + "/v1/objects?class=Article&limit=2&include=vector");
      assertThat(articles).contains("\"vector\":[").contains("\"title\":\"Article ");
      assertThat(count(server, "Article")).isEqualTo("1200");
      assertThat(count(server, "Note")).isEqualTo("3");
      java.util.Random seeded = new java.util.Random(7);
      String firstId = new java.util.UUID(seeded.nextLong(), seeded.nextLong()).toString();
      assertThat(get(server.url() + "/v1/objects/Article/" + firstId)).contains(firstId);
      try (WeaviateTestServer again = start("--port", "0", "--generate", "Article=5").server()) {
        assertThat(get(again.url() + "/v1/objects/Article/" + firstId)).contains(firstId);
      }
    }
  }

  private static String count(WeaviateTestServer server, String cls) throws Exception {
    String answer =
        post(
            server.url() + "/v1/graphql",
            "{\"query\":\"{ Aggregate { " + cls + " { meta { count } } } }\"}");
    return answer.replaceAll("(?s).*\"count\":(\\d+).*", "$1");
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String post(String url, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
