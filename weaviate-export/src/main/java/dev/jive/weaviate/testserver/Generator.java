package dev.jive.weaviate.testserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a running test server with {@code n} objects of one class through its REST API, as a client
 * would: the class (title and body text properties) if it is missing, then batches of 500 objects
 * with seeded ids, texts and 384-dimension unit vectors, so two runs give the same data.
 */
final class Generator {
  static final int DIMENSION = 384;
  private static final int BATCH = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] WORDS = {
    "payment", "login", "search", "report", "export", "billing", "profile", "upload", "cache",
    "index", "session", "invoice", "review", "deploy", "monitor", "backup", "schema", "tenant"
  };

  private Generator() {}

  /** "CLASS=N" as given on the command line. */
  record Request(String className, int count) {
    static Request parse(String spec) {
      int eq = spec.indexOf('=');
      String name = eq < 0 ? "" : spec.substring(0, eq).strip();
      String n = eq < 0 ? "" : spec.substring(eq + 1).strip();
      if (!name.matches("[A-Z][A-Za-z0-9_]*") || !n.matches("\\d{1,9}")) {
        throw new IllegalArgumentException(
            "--generate takes CLASS=N (a class name starting with a capital letter, and a count),"
                + " got '"
                + spec
                + "'");
      }
      return new Request(name, Integer.parseInt(n));
    }
  }

  static void generate(String url, String apiKey, Request request, long seed)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    ObjectNode schema = JSON.createObjectNode().put("class", request.className());
    ArrayNode props = schema.putArray("properties");
    for (String p : new String[] {"title", "body"}) {
      props.addObject().put("name", p).putArray("dataType").add("text");
    }
    int status = post(http, url, apiKey, "/v1/schema", schema).statusCode();
    if (status != 200 && status != 422) {
      throw new IOException("creating class " + request.className() + " answered HTTP " + status);
    }
    Random r = new Random(seed);
    for (int from = 0; from < request.count(); from += BATCH) {
      ObjectNode batch = JSON.createObjectNode();
      ArrayNode objects = batch.putArray("objects");
      for (int i = from; i < Math.min(request.count(), from + BATCH); i++) {
        ObjectNode o = objects.addObject();
        o.put("class", request.className());
        o.put("id", new UUID(r.nextLong(), r.nextLong()).toString());
        String a = WORDS[r.nextInt(WORDS.length)];
        String b = WORDS[r.nextInt(WORDS.length)];
        o.putObject("properties")
            .put("title", request.className() + " " + i + ": " + a + " " + b)
            .put("body", "Generated object " + i + " about " + a + " and " + b + ".");
        ArrayNode v = o.putArray("vector");
        double[] x = new double[DIMENSION];
        double norm = 0;
        for (int d = 0; d < DIMENSION; d++) {
          x[d] = r.nextGaussian();
          norm += x[d] * x[d];
        }
        for (double c : x) {
          v.add((float) (c / Math.sqrt(norm)));
        }
      }
      HttpResponse<String> answer = post(http, url, apiKey, "/v1/batch/objects", batch);
      if (answer.statusCode() != 200) {
        throw new IOException(
            "a batch answered HTTP " + answer.statusCode() + ": " + answer.body());
      }
    }
  }

  private static HttpResponse<String> post(
      HttpClient http, String url, String apiKey, String path, ObjectNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
