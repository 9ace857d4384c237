package dev.jive.lancedb.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The vectors of the last {@link #CAPACITY} search queries, so that a query searched again (an
 * agent re-running a search, paging, the server's warm-up) skips the model: ~4 ms of a ~8 ms hybrid
 * search at 10,000 items. The store's model never changes, so an entry never goes stale. Callers
 * get their own copy.
 */
final class QueryVectors {
  static final int CAPACITY = 256;

  private final Map<String, float[]> recent =
      new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The query's vector, from the cache or {@code embed} (run outside the lock). */
  float[] get(String query, Function<String, float[]> embed) {
    float[] known;
    synchronized (this) {
      known = recent.get(query);
    }
    if (known == null) {
      known = embed.apply(query);
      synchronized (this) {
        recent.put(query, known);
      }
    }
    return known.clone();
  }

  synchronized int size() {
    return recent.size();
  }
}
