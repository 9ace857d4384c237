package dev.jive.mcp;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of the configured namespace and, for HTTP's {@code /mcp/<namespace>} endpoints, one
 * store per other namespace, all sharing one embedding model. The model loads in the background
 * from the start, so the MCP handshake never waits for it; a tool that needs it waits.
 */
final class Stores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Stores.class);
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final LanceDBManager main;
  private final Map<String, LanceDBManager> others = new ConcurrentHashMap<>();

  Stores(DatabaseConfig config) {
    this(LanceDBManager.open(config));
  }

  /** Serves an open store (tests pass one with their own embedder). */
  Stores(LanceDBManager main) {
    this.main = main;
    Thread warm =
        new Thread(
            () -> {
              try {
                long t0 = System.nanoTime();
                main.warmUpEmbeddingModel();
                main.ensureTablesExist();
                LOG.info(
                    "embedding model {} ready in {} ms; tables under {}",
                    main.embedder().modelName(),
                    (System.nanoTime() - t0) / 1_000_000,
                    main.location());
              } catch (RuntimeException e) {
                LOG.error("warm-up failed; tools will report the cause when called", e);
              }
            },
            "jive-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  LanceDBManager main() {
    return main;
  }

  /** The store of a namespace (null: the configured one). */
  LanceDBManager namespace(String ns) {
    if (ns == null) {
      return main;
    }
    if (!NAMESPACE.matcher(ns).matches()) {
      throw new InvalidInputException(
          "namespace", "'" + ns + "' is not a namespace name (letters, digits, _ and -, up to 64)");
    }
    return others.computeIfAbsent(ns, main::forNamespace);
  }

  @Override
  public void close() {
    others.values().forEach(LanceDBManager::close);
    main.close();
  }
}
