package dev.jive.weaviate.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The fields Weaviate fills in when it stores a class (what a restorer must strip again). */
final class SchemaDefaults {
  private SchemaDefaults() {}

  static ObjectNode fill(ObjectNode def) {
    ObjectNode c = def.deepCopy();
    ObjectNode inverted = obj(c, "invertedIndexConfig");
    obj(inverted, "bm25").put("b", 0.75).put("k1", 1.2);
    inverted.put("cleanupIntervalSeconds", 60);
    ObjectNode stop = obj(inverted, "stopwords");
    stop.putNull("additions");
    stop.put("preset", "en");
    stop.putNull("removals");
    inverted.put("usingBlockMaxWAND", true);
    ObjectNode mt = obj(c, "multiTenancyConfig");
    if (!mt.has("enabled")) {
      mt.put("enabled", false);
    }
    mt.put("autoTenantCreation", mt.path("autoTenantCreation").asBoolean(false));
    mt.put("autoTenantActivation", mt.path("autoTenantActivation").asBoolean(false));
    ObjectNode replication = obj(c, "replicationConfig");
    replication
        .put("factor", 1)
        .put("asyncEnabled", false)
        .put("deletionStrategy", "NoAutomatedResolution");
    ObjectNode sharding = obj(c, "shardingConfig");
    sharding
        .put("virtualPerPhysical", 128)
        .put("desiredCount", 1)
        .put("actualCount", 1)
        .put("desiredVirtualCount", 128)
        .put("actualVirtualCount", 128)
        .put("key", "_id")
        .put("strategy", "hash")
        .put("function", "murmur3");
    if (!c.has("vectorConfig")) {
      if (!c.has("vectorizer")) {
        c.put("vectorizer", "none");
      }
      if (!c.has("vectorIndexType")) {
        c.put("vectorIndexType", "hnsw");
      }
      hnsw(obj(c, "vectorIndexConfig"));
    } else {
      c.get("vectorConfig")
          .fields()
          .forEachRemaining(
              e -> {
                ObjectNode v = (ObjectNode) e.getValue();
                if (!v.has("vectorIndexType")) {
                  v.put("vectorIndexType", "hnsw");
                }
                hnsw(obj(v, "vectorIndexConfig"));
              });
    }
    for (JsonNode p : c.path("properties")) {
      ObjectNode prop = (ObjectNode) p;
      String type = prop.path("dataType").path(0).asText("");
      boolean text = type.equals("text") || type.equals("text[]");
      if (!prop.has("indexFilterable")) {
        prop.put("indexFilterable", true);
      }
      if (!prop.has("indexSearchable")) {
        prop.put("indexSearchable", text);
      }
      if (!prop.has("indexRangeFilters")) {
        prop.put("indexRangeFilters", false);
      }
      if (text && !prop.has("tokenization")) {
        prop.put("tokenization", "word");
      }
    }
    return c;
  }

  private static void hnsw(ObjectNode v) {
    putIfAbsent(v, "distance", "cosine");
    v.put("ef", v.path("ef").asInt(-1));
    v.put("efConstruction", v.path("efConstruction").asInt(128));
    v.put("maxConnections", v.path("maxConnections").asInt(32));
    v.put("vectorCacheMaxObjects", 1_000_000_000_000L);
    v.put("cleanupIntervalSeconds", 300);
    v.put("skip", false);
  }

  private static void putIfAbsent(ObjectNode o, String key, String value) {
    if (!o.has(key)) {
      o.put(key, value);
    }
  }

  private static ObjectNode obj(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }
}
