package dev.jive.mcp;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of the configured namespace and, for HTTP's {@code /mcp/<namespace>} endpoints, one
 * store per other namespace, all sharing one embedding model. The store opens, and its model loads,
 * in the background from the start: finding the model the tables record means opening a table,
 * which loads Lance's native library, and the MCP handshake must not wait for that. A tool that
 * needs the store waits for it.
 */
final class Stores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Stores.class);
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final String location;
  private final CompletableFuture<LanceDBManager> main = new CompletableFuture<>();
  private final Map<String, LanceDBManager> others = new ConcurrentHashMap<>();

  /**
   * @param modelChosen whether the model was set explicitly; if not, the one the tables record
   *     (after {@code jive-migrate reembed}) is used
   */
  Stores(DatabaseConfig config, boolean modelChosen) {
    this.location = LanceDBManager.locationOf(config);
    background(
        () -> {
          LanceDBManager store;
          try {
            store = LanceDBManager.open(LanceDBManager.adoptRecordedModel(config, modelChosen));
          } catch (RuntimeException e) {
            LOG.error("the store could not be opened; tools will report why", e);
            main.completeExceptionally(e);
            return;
          }
          main.complete(store);
          warmUp(store);
        });
  }

  /** Serves an open store (tests pass one with their own embedder). */
  Stores(LanceDBManager ready) {
    this.location = ready.location();
    main.complete(ready);
    background(() -> warmUp(ready));
  }

  private static void background(Runnable work) {
    Thread t = new Thread(work, "jive-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void warmUp(LanceDBManager store) {
    try {
      long t0 = System.nanoTime();
      store.warmUpEmbeddingModel();
      store.ensureTablesExist();
      LOG.info(
          "embedding model {} ready in {} ms; tables under {}",
          store.embedder().modelName(),
          (System.nanoTime() - t0) / 1_000_000,
          store.location());
      t0 = System.nanoTime();
      store.warmUpIndexes();
      LOG.info("search indexes loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.error("warm-up failed; tools will report the cause when called", e);
    }
  }

  /** Where the configured namespace's tables live, known without opening anything. */
  String location() {
    return location;
  }

  /** The store of the configured namespace, once open (waits for it). */
  LanceDBManager main() {
    try {
      return main.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The model's name if the store is open, else null (health must not wait). */
  String modelIfOpen() {
    return main.isDone() && !main.isCompletedExceptionally()
        ? main.join().embedder().modelName()
        : null;
  }

  /** The store of a namespace (null: the configured one). */
  LanceDBManager namespace(String ns) {
    if (ns == null) {
      return main();
    }
    if (!NAMESPACE.matcher(ns).matches()) {
      throw new InvalidInputException(
          "namespace", "'" + ns + "' is not a namespace name (letters, digits, _ and -, up to 64)");
    }
    return others.computeIfAbsent(ns, n -> main().forNamespace(n));
  }

  @Override
  public void close() {
    others.values().forEach(LanceDBManager::close);
    if (!main.isCompletedExceptionally()) {
      main.join().close();
    }
  }
}
