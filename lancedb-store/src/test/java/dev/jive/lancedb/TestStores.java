package dev.jive.lancedb;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.upkeep.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Stores on temporary folders with the deterministic embedder and maintenance in the caller. */
final class TestStores {
  static final StoreOptions SYNC = StoreOptions.defaults().withBackgroundMaintenance(false);

  private TestStores() {}

  static LanceDBManager open(Path dir) {
    return open(dir, new DeterministicEmbedder(384), SYNC);
  }

  static LanceDBManager open(Path dir, Embedder embedder, StoreOptions options) {
    return LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(dir.toString()))
        .embedder(embedder)
        .options(options)
        .clock(new TickingClock())
        .build();
  }

  static WorkItem draft(WorkItemType type, String title, String parentId) {
    return WorkItem.builder()
        .id(LanceDBManager.newId())
        .title(title)
        .description("About " + title.toLowerCase())
        .itemType(type)
        .parentId(parentId)
        .build();
  }

  /** An architecture memory whose text to embed is {@code requirements}. */
  static ArchitectureMemory arch(String slug, String requirements) {
    return new ArchitectureMemory(
        LanceDBManager.newId(),
        slug,
        slug.replace('-', ' '),
        List.of("when designing"),
        requirements,
        null,
        List.of("design"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        null);
  }

  /** A second JVM on this test class path running {@code main} (stderr discarded). */
  static ProcessBuilder javaProcess(Class<?> main, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  /** A clock that moves one second per reading, so "most recent" is always well defined. */
  static final class TickingClock extends Clock {
    private final AtomicLong seconds =
        new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.incrementAndGet());
    }
  }
}
