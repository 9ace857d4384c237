package dev.jive.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Weaviate's REST API over the JDK's HTTP client, read as Jackson trees so numbers and vectors come
 * back exactly as the server wrote them (the official client reads every property number as a
 * Double and boxes vectors; docs/weaviate-export.md). Connection errors, 429 and 5xx are retried
 * with doubling back-off; other statuses fail at once with the server's message.
 */
final class WeaviateHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final String apiKey;
  private final int maxRetries;
  private final Duration firstBackoff;
  private final LongConsumer sleeper;

  WeaviateHttp(
      String baseUrl, String apiKey, int maxRetries, Duration firstBackoff, LongConsumer sleeper) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.base = baseUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
    this.maxRetries = maxRetries;
    this.firstBackoff = firstBackoff;
    this.sleeper = sleeper;
  }

  /** A response: its status and parsed body (an empty object for an empty body). */
  record Response(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    String message() {
      JsonNode errors = body.path("error");
      if (errors.isArray() && !errors.isEmpty()) {
        return errors.get(0).path("message").asText();
      }
      return body.path("message").asText(body.toString());
    }
  }

  Response get(String pathAndQuery, String what) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), what);
  }

  /** A GET whose body is returned as the server's bytes (successful statuses only). */
  byte[] getRaw(String pathAndQuery, String what) {
    Raw raw = sendRaw(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), what);
    if (raw.status() < 200 || raw.status() >= 300) {
      throw new SourceException(
          what
              + " failed: HTTP "
              + raw.status()
              + " "
              + new Response(raw.status(), parse(raw.body())).message());
    }
    return raw.body();
  }

  private record Raw(int status, byte[] body) {}

  Response post(String path, JsonNode body, String what) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))),
        what);
  }

  Response put(String path, JsonNode body, String what) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body))),
        what);
  }

  private Response send(HttpRequest.Builder request, String what) {
    Raw raw = sendRaw(request, what);
    JsonNode body = raw.body().length == 0 ? JSON.createObjectNode() : parse(raw.body());
    return new Response(raw.status(), body);
  }

  /** Sends with retries; {@code what} names the request in errors (class, tenant, cursor). */
  private Raw sendRaw(HttpRequest.Builder request, String what) {
    request.timeout(Duration.ofSeconds(60));
    if (apiKey != null && !apiKey.isBlank()) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpRequest built = request.build();
    long backoff = firstBackoff.toMillis();
    String last = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        sleeper.accept(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
      try {
        HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        int status = r.statusCode();
        if (status == 429 || status >= 500) {
          last = "HTTP " + status + " " + new Response(status, parse(r.body())).message();
          continue;
        }
        if (status == 401 || status == 403) {
          throw new SourceException(
              "Weaviate at "
                  + base
                  + " refused the credentials (HTTP "
                  + status
                  + ") for "
                  + what
                  + ": set the API key in the environment variable named by --api-key-env");
        }
        return new Raw(status, r.body());
      } catch (IOException e) {
        last = "cannot reach " + base + ": " + why(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException("interrupted during " + what, e);
      }
    }
    throw new SourceException(
        what
            + " failed after "
            + (maxRetries + 1)
            + " attempts; last: "
            + last
            + " (server "
            + base
            + ")");
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode()
          .put("message", new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body of a successful response, or a source error naming the request. */
  static JsonNode ok(Response r, String what) {
    if (!r.ok()) {
      throw new SourceException(what + " failed: HTTP " + r.status() + " " + r.message());
    }
    return r.body();
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Sleeps between retries; an interrupt ends the operation. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("interrupted while backing off", e);
    }
  }

  /** A connection failure in words: some carry no message at all ("connection failed: null"). */
  static String why(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused (is Weaviate running there, and is the URL right?)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time (" + e.getClass().getSimpleName() + ")";
    }
    if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException
        || e instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
