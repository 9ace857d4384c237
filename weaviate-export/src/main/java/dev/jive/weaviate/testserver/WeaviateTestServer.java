package dev.jive.weaviate.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Weaviate on 127.0.0.1, speaking the part of its REST API (v1.39) that the exporter
 * and restorer use, with Weaviate's behaviours: objects listed by UUID bytes (lower-case hex order)
 * with an exclusive {@code after} cursor, the 422s for bad limits, cursor misuse and tenant
 * mistakes, per-object batch results with upsert by id, server-filled schema defaults, 401 without
 * the API key, and the GraphQL {@code Aggregate} count. Faults can be injected for tests.
 *
 * <p>Run it: {@code scripts/weaviate-test-server --port P [--api-key K]} prints {@code ready
 * http://127.0.0.1:P}.
 */
public final class WeaviateTestServer implements AutoCloseable {
  static final String VERSION = "1.39.0";
  static final int MAX_WINDOW = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern AGGREGATE =
      Pattern.compile(
          "\\{\\s*Aggregate\\s*\\{\\s*(\\w+)\\s*(?:\\(\\s*tenant\\s*:\\s*\"([^\"]*)\"\\s*\\))?\\s*\\{\\s*meta\\s*\\{\\s*count\\s*}\\s*}\\s*}\\s*}");

  private final HttpServer http;
  private final String apiKey;
  private final Clock clock;
  private final Map<String, ClassState> classes = new LinkedHashMap<>();
  private final Faults faults = new Faults();
  private final AtomicLong requests = new AtomicLong();

  private WeaviateTestServer(int port, String apiKey, Clock clock) throws IOException {
    this.apiKey = apiKey;
    this.clock = clock;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    http.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "weaviate-test-server");
              t.setDaemon(true);
              return t;
            }));
    http.createContext("/", this::handle);
    http.start();
  }

  /** Starts on {@code port} (0 for any free port); {@code apiKey} null allows anonymous access. */
  public static WeaviateTestServer start(int port, String apiKey) throws IOException {
    return new WeaviateTestServer(port, apiKey, Clock.systemUTC());
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Fault injection: fail every Nth request, drop connections, delay answers. */
  public Faults faults() {
    return faults;
  }

  public long requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    long n = requests.incrementAndGet();
    try (ex) {
      if (faults.delayMillis > 0) {
        Thread.sleep(faults.delayMillis);
      }
      if (faults.dropNext.getAndSet(false)) {
        // Close without answering: the client sees the connection die mid-request.
        ex.getResponseBody().close();
        return;
      }
      String faultPrefix = faults.onlyPathPrefix;
      boolean inScope = faultPrefix == null || ex.getRequestURI().getPath().startsWith(faultPrefix);
      if (inScope && faults.failEvery > 0 && n % faults.failEvery == 0) {
        error(ex, faults.failStatus, "injected fault (request " + n + ")");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (path.equals("/v1/.well-known/ready") || path.equals("/v1/.well-known/live")) {
        send(ex, 200, JSON.createObjectNode());
        return;
      }
      if (apiKey != null) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + apiKey)) {
          ObjectNode body = JSON.createObjectNode();
          body.put("code", 401);
          body.put(
              "message",
              "anonymous access not enabled, please provide an auth scheme such as API-Key or OIDC");
          send(ex, 401, body);
          return;
        }
      }
      synchronized (this) {
        route(ex, ex.getRequestMethod(), path, query(ex));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error(ex, 500, "test server error: " + e);
    }
  }

  private void route(HttpExchange ex, String method, String path, Map<String, String> q)
      throws IOException {
    String[] parts = path.replaceAll("/+$", "").split("/");
    if (method.equals("GET") && path.equals("/v1/meta")) {
      ObjectNode meta = JSON.createObjectNode();
      meta.put("hostname", "http://[::]:8080");
      meta.putObject("modules");
      meta.put("version", VERSION);
      send(ex, 200, meta);
    } else if (path.equals("/v1/schema") && method.equals("GET")) {
      ObjectNode schema = JSON.createObjectNode();
      ArrayNode list = schema.putArray("classes");
      classes.values().forEach(c -> list.add(c.definition));
      send(ex, 200, schema);
    } else if (path.equals("/v1/schema") && method.equals("POST")) {
      createClass(ex, body(ex));
    } else if (parts.length == 4 && parts[2].equals("schema") && method.equals("GET")) {
      ClassState c = classes.get(parts[3]);
      if (c == null) {
        send(ex, 404, null);
      } else {
        send(ex, 200, c.definition);
      }
    } else if (parts.length == 4 && parts[2].equals("schema") && method.equals("DELETE")) {
      classes.remove(parts[3]);
      send(ex, 200, null);
    } else if (parts.length == 5
        && parts[2].equals("schema")
        && parts[4].equals("properties")
        && method.equals("POST")) {
      ClassState c = classes.get(parts[3]);
      if (c == null) {
        error(ex, 422, "class " + parts[3] + " not found");
      } else {
        JsonNode p = body(ex);
        ((ArrayNode) c.definition.withArray("properties")).add(p);
        send(ex, 200, p);
      }
    } else if (parts.length == 5 && parts[2].equals("schema") && parts[4].equals("tenants")) {
      tenants(ex, method, parts[3]);
    } else if (path.equals("/v1/objects") && method.equals("GET")) {
      listObjects(ex, q);
    } else if (path.equals("/v1/batch/objects") && method.equals("POST")) {
      batch(ex, body(ex));
    } else if (path.equals("/v1/graphql") && method.equals("POST")) {
      graphql(ex, body(ex));
    } else {
      error(ex, 404, "no route for " + method + " " + path);
    }
  }

  private void createClass(HttpExchange ex, JsonNode body) throws IOException {
    if (!(body instanceof ObjectNode def) || !def.hasNonNull("class")) {
      error(ex, 422, "class name is required");
      return;
    }
    String name = def.get("class").asText();
    if (!name.matches("[A-Z][_0-9A-Za-z]*")) {
      error(ex, 422, "'" + name + "' is not a valid class name");
      return;
    }
    if (classes.containsKey(name)) {
      error(ex, 422, "class name \"" + name + "\" already exists");
      return;
    }
    ObjectNode filled = SchemaDefaults.fill(def);
    classes.put(name, new ClassState(filled));
    send(ex, 200, filled);
  }

  private void tenants(HttpExchange ex, String method, String className) throws IOException {
    ClassState c = classes.get(className);
    if (c == null) {
      error(ex, 422, "class " + className + " not found");
      return;
    }
    if (!c.multiTenant()) {
      error(ex, 422, "multi-tenancy is not enabled for class \"" + className + "\"");
      return;
    }
    if (method.equals("GET")) {
      ArrayNode out = JSON.createArrayNode();
      c.tenants.forEach(
          (name, status) -> out.addObject().put("name", name).put("activityStatus", status));
      send(ex, 200, out);
      return;
    }
    JsonNode body = body(ex);
    if (!body.isArray()) {
      error(ex, 422, "expected an array of tenants");
      return;
    }
    for (JsonNode t : body) {
      String status = t.path("activityStatus").asText("ACTIVE").toUpperCase(Locale.ROOT);
      String normalised =
          switch (status) {
            case "HOT", "ACTIVE" -> "ACTIVE";
            case "COLD", "INACTIVE" -> "INACTIVE";
            default -> status;
          };
      c.tenants.put(t.path("name").asText(), normalised);
      c.byTenant.computeIfAbsent(t.path("name").asText(), k -> new TreeMap<>());
    }
    send(ex, 200, body);
  }

  private void listObjects(HttpExchange ex, Map<String, String> q) throws IOException {
    String className = q.get("class");
    ClassState c = className == null ? null : classes.get(className);
    if (c == null) {
      error(ex, 422, "class " + className + " not found");
      return;
    }
    int limit = parseInt(q.get("limit"), 10);
    int offset = parseInt(q.get("offset"), 0);
    String after = q.get("after");
    if (after != null
        && (q.containsKey("offset") || q.containsKey("where") || q.containsKey("sort"))) {
      error(
          ex,
          422,
          "cursor api: invalid 'after' parameter: offset, sort and where cannot be set with after and limit parameters");
      return;
    }
    if (limit < 0 || offset < 0 || offset + limit > MAX_WINDOW) {
      error(ex, 422, "query maximum results exceeded");
      return;
    }
    NavigableMap<String, ObjectNode> objects = c.objects(q.get("tenant"), ex, this);
    if (objects == null) {
      return;
    }
    NavigableMap<String, ObjectNode> from =
        after == null ? objects : objects.tailMap(after.toLowerCase(Locale.ROOT), false);
    boolean withVector = q.getOrDefault("include", "").contains("vector");
    ArrayNode page = JSON.createArrayNode();
    int skipped = 0;
    for (ObjectNode o : from.values()) {
      if (skipped++ < offset) {
        continue;
      }
      if (page.size() >= limit) {
        break;
      }
      ObjectNode copy = o.deepCopy();
      if (!withVector) {
        copy.remove("vector");
        copy.remove("vectors");
      }
      page.add(copy);
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("objects", page);
    out.put("totalResults", page.size());
    send(ex, 200, out);
  }

  private void batch(HttpExchange ex, JsonNode body) throws IOException {
    JsonNode objects = body.path("objects");
    if (!objects.isArray() || objects.isEmpty()) {
      error(ex, 422, "empty objects in batch request");
      return;
    }
    ArrayNode results = JSON.createArrayNode();
    long now = clock.millis();
    for (JsonNode in : objects) {
      ObjectNode o = ((ObjectNode) in).deepCopy();
      String failure = null;
      ClassState c = classes.get(o.path("class").asText());
      String id = o.path("id").asText("");
      if (c == null) {
        failure = "class \"" + o.path("class").asText() + "\" not found in schema";
      } else if (!UUID.matcher(id).matches()) {
        failure = "id '" + id + "' is not a valid uuid";
      } else {
        String tenant = o.hasNonNull("tenant") ? o.get("tenant").asText() : null;
        failure = c.tenantProblem(tenant);
        if (failure == null) {
          failure = c.valueProblem(o.path("properties"));
        }
        if (failure == null) {
          String key = id.toLowerCase(Locale.ROOT);
          o.put("id", key);
          NavigableMap<String, ObjectNode> target =
              tenant == null ? c.plain : c.byTenant.get(tenant);
          ObjectNode previous = target.get(key);
          o.put(
              "creationTimeUnix",
              previous == null ? now : previous.path("creationTimeUnix").asLong(now));
          o.put("lastUpdateTimeUnix", now);
          target.put(key, compactVectors(o));
        }
      }
      ObjectNode r = o.deepCopy();
      ObjectNode result = r.putObject("result");
      if (failure == null) {
        result.put("status", "SUCCESS");
      } else {
        result.put("status", "FAILED");
        result.putObject("errors").putArray("error").addObject().put("message", failure);
      }
      results.add(r);
    }
    send(ex, 200, results);
  }

  /**
   * Weaviate keeps vectors as float32; so does this server, as {@code float[]} (a tree of doubles
   * would hold 100,000 objects of 384 dimensions in gigabytes). Multi-vectors stay as they came.
   */
  private static ObjectNode compactVectors(ObjectNode o) {
    float[] legacy = floats(o.get("vector"));
    if (legacy != null) {
      o.set("vector", new POJONode(legacy));
    }
    if (o.get("vectors") instanceof ObjectNode named) {
      named
          .properties()
          .forEach(
              e -> {
                float[] v = floats(e.getValue());
                if (v != null) {
                  e.setValue(new POJONode(v));
                }
              });
    }
    return o;
  }

  private static float[] floats(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      if (!array.get(i).isNumber()) {
        return null;
      }
      out[i] = array.get(i).floatValue();
    }
    return out;
  }

  private void graphql(HttpExchange ex, JsonNode body) throws IOException {
    String query = body.path("query").asText("");
    Matcher m = AGGREGATE.matcher(query);
    ObjectNode out = JSON.createObjectNode();
    if (!m.find()) {
      out.putArray("errors")
          .addObject()
          .put("message", "this test server answers only {Aggregate{C{meta{count}}}}");
      send(ex, 200, out);
      return;
    }
    ClassState c = classes.get(m.group(1));
    if (c == null) {
      out.putArray("errors")
          .addObject()
          .put(
              "message",
              "Cannot query field \"" + m.group(1) + "\" on type \"AggregateObjectsObj\".");
      send(ex, 200, out);
      return;
    }
    String tenant = m.group(2);
    String problem = c.tenantProblem(tenant);
    if (problem != null) {
      out.putArray("errors").addObject().put("message", problem);
      send(ex, 200, out);
      return;
    }
    long count = tenant == null ? c.plain.size() : c.byTenant.get(tenant).size();
    out.putObject("data")
        .putObject("Aggregate")
        .putArray(m.group(1))
        .addObject()
        .putObject("meta")
        .put("count", count);
    send(ex, 200, out);
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    return q;
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] bytes = ex.getRequestBody().readAllBytes();
    return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
  }

  static void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("error").addObject().put("message", message);
    send(ex, status, body);
  }

  static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Runs the server from the command line ({@link TestServerCommand}). */
  public static void main(String[] args) {
    TestServerCommand.main(args);
  }

  /** Faults on demand, for retry and resume tests. */
  public static final class Faults {
    private volatile int failEvery;
    private volatile int failStatus = 500;
    private volatile long delayMillis;
    private volatile String onlyPathPrefix;
    private final java.util.concurrent.atomic.AtomicBoolean dropNext =
        new java.util.concurrent.atomic.AtomicBoolean();

    /** Answers every Nth request with {@code status} (500 or 429); 0 turns it off. */
    public Faults failEvery(int n, int status) {
      this.failEvery = n;
      this.failStatus = status;
      return this;
    }

    /** Closes the next request's connection without an answer. */
    public Faults dropNextConnection() {
      dropNext.set(true);
      return this;
    }

    /** Limits injected failures to requests whose path starts with this prefix. */
    public Faults onlyFor(String pathPrefix) {
      this.onlyPathPrefix = pathPrefix;
      return this;
    }

    public Faults delay(long millis) {
      this.delayMillis = millis;
      return this;
    }

    public Faults none() {
      failEvery = 0;
      onlyPathPrefix = null;
      delayMillis = 0;
      dropNext.set(false);
      return this;
    }
  }

  /** One class: its filled definition, tenants and objects (sorted by lower-case UUID). */
  static final class ClassState {
    final ObjectNode definition;
    final NavigableMap<String, ObjectNode> plain = new TreeMap<>();
    final Map<String, String> tenants = new LinkedHashMap<>();
    final Map<String, NavigableMap<String, ObjectNode>> byTenant = new LinkedHashMap<>();

    ClassState(ObjectNode definition) {
      this.definition = definition;
    }

    boolean multiTenant() {
      return definition.path("multiTenancyConfig").path("enabled").asBoolean(false);
    }

    String tenantProblem(String tenant) {
      String name = definition.path("class").asText();
      if (multiTenant() && tenant == null) {
        return "class " + name + " has multi-tenancy enabled, but request was without tenant";
      }
      if (!multiTenant() && tenant != null) {
        return "class " + name + " has multi-tenancy disabled, but request was with tenant";
      }
      if (tenant != null && !tenants.containsKey(tenant)) {
        return "tenant not found: \"" + tenant + "\"";
      }
      if (tenant != null && !"ACTIVE".equals(tenants.get(tenant))) {
        return "tenant not active: \"" + tenant + "\"";
      }
      return null;
    }

    /** Weaviate checks values against dataTypes: an int must be an integer, 4.0 is refused. */
    String valueProblem(JsonNode properties) {
      String name = definition.path("class").asText();
      for (JsonNode p : definition.path("properties")) {
        JsonNode v = properties.get(p.path("name").asText());
        if (v == null || v.isNull()) {
          continue;
        }
        String type = p.path("dataType").path(0).asText();
        boolean array = type.endsWith("[]");
        String base = array ? type.substring(0, type.length() - 2) : type;
        for (JsonNode e : array && v.isArray() ? v : JSON.createArrayNode().add(v)) {
          boolean fits =
              switch (base) {
                case "int" -> e.isIntegralNumber();
                case "number" -> e.isNumber();
                case "boolean" -> e.isBoolean();
                case "text", "uuid", "date" -> e.isTextual();
                default -> true;
              };
          if (!fits) {
            return "invalid "
                + type
                + " property '"
                + p.path("name").asText()
                + "' on class '"
                + name
                + "': value "
                + e;
          }
        }
      }
      return null;
    }

    NavigableMap<String, ObjectNode> objects(String tenant, HttpExchange ex, WeaviateTestServer s)
        throws IOException {
      String problem = tenantProblem(tenant);
      if (problem != null) {
        error(ex, 422, problem);
        return null;
      }
      return tenant == null ? plain : byTenant.get(tenant);
    }
  }
}
