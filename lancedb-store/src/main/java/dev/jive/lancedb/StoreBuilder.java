package dev.jive.lancedb;

import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.embedding.EmbedderOptions;
import dev.jive.lancedb.embedding.ModelCatalog;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.StoreOptions;
import java.time.Clock;

/** Builds a {@link LanceDBManager}; only the configuration is required. */
public final class StoreBuilder {
  private final DatabaseConfig config;
  private Embedder embedder;
  private StoreOptions options = StoreOptions.defaults();
  private Clock clock = Clock.systemUTC();

  StoreBuilder(DatabaseConfig config) {
    this.config = config;
  }

  /** The embedder to use; by default the configured model, loading in the background. */
  public StoreBuilder embedder(Embedder e) {
    this.embedder = e;
    return this;
  }

  public StoreBuilder options(StoreOptions o) {
    this.options = o;
    return this;
  }

  public StoreBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  public LanceDBManager build() {
    if (embedder == null) {
      embedder =
          SentenceEmbedders.lazy(
              ModelCatalog.resolve(config.embeddingModel()),
              EmbedderOptions.defaults()
                  .withBatchSize(Math.min(256, Math.max(8, config.batchSize()))));
    }
    return new LanceDBManager(config, embedder, options, clock);
  }
}
