package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.upkeep.StoreOptions;
import dev.jive.weaviate.backup.Backup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JiveProfileMigrationTest {
  @TempDir Path dir;

  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";
  private static final String C = "00000000-0000-0000-0000-00000000000c";
  private static final String D = "00000000-0000-0000-0000-00000000000d";

  private LanceDBManager store() {
    return LanceDBManager.builder(
            DatabaseConfig.defaults().withDataPath(dir.resolve("db").toString()))
        .embedder(new DeterministicEmbedder(384))
        .options(StoreOptions.defaults().withBackgroundMaintenance(false))
        .build();
  }

  @Test
  void oldMistakesAreMendedAndReported() throws Exception {
    String vector3 = "[0.1,0.2,0.3]";
    Path old = dir.resolve("weaviate_backup_20250101_000000.json");
    Files.writeString(
        old,
        "{\"jive_workitem\":["
            // A story under a story (forbidden): becomes a root; content/type read as
            // description/item_type.
            + "{\"id\":\""
            + A
            + "\",\"collection\":\"WorkItem\",\"properties\":{\"title\":\"Parent story\",\"type\":\"story\",\"content\":\"old field\"}},"
            + "{\"id\":\""
            + B
            + "\",\"collection\":\"WorkItem\",\"properties\":{\"title\":\"Child story\",\"item_type\":\"story\",\"parent_id\":\""
            + A
            + "\","
            + "\"dependencies\":[\""
            + C
            + "\",\"ghost\"],\"created_at\":1700000000,\"metadata\":{\"k\":\"v\"},"
            + "\"acceptance_criteria\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"]},\"vector\":"
            + vector3
            + "},"
            // C and B depend on each other: the edge closing the cycle is dropped.
            + "{\"id\":\""
            + C
            + "\",\"collection\":\"WorkItem\",\"properties\":{\"title\":\"Task C\",\"item_type\":\"task\",\"dependencies\":[\""
            + B
            + "\"]}},"
            // No title: not migrated, named in the report.
            + "{\"id\":\""
            + D
            + "\",\"collection\":\"WorkItem\",\"properties\":{\"item_type\":\"task\"}}"
            + "],\"server_searchindex\":[{\"id\":\"s\",\"properties\":{}}]}");
    try (LanceDBManager db = store()) {
      List<String> lines = new ArrayList<>();
      MigrationReport report = new JiveProfileMigration(db, lines::add).run(Backup.open(old));

      WorkItem a = db.findById(A).orElseThrow();
      assertThat(a.itemType()).isEqualTo(WorkItemType.STORY);
      assertThat(a.description()).isEqualTo("old field");
      WorkItem b = db.findById(B).orElseThrow();
      assertThat(b.isRoot()).isTrue();
      assertThat(b.acceptanceCriteria()).hasSize(5);
      assertThat(b.metadata()).contains("\"k\":\"v\"").contains("acceptance_criteria_beyond_5");
      assertThat(b.createdAt()).isEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L));
      WorkItem c = db.findById(C).orElseThrow();
      assertThat(b.dependencies().size() + c.dependencies().size()).isEqualTo(1);
      assertThat(db.findById(D)).isEmpty();

      assertThat(report.mends).anyMatch(m -> m.contains("may not hold a story"));
      assertThat(report.mends).anyMatch(m -> m.contains("ghost") && m.contains("no such item"));
      assertThat(report.mends).anyMatch(m -> m.contains("closed a cycle"));
      assertThat(report.mends).anyMatch(m -> m.contains("more than 5 acceptance criteria"));
      assertThat(report.failures)
          .singleElement()
          .satisfies(f -> assertThat(f).contains(D).contains("no title"));
      assertThat(report.notes).anyMatch(n -> n.contains("server_searchindex"));
      // The 3-dimension vector cannot be this model's: every item was re-embedded.
      assertThat(report.vectors).startsWith("0 vectors kept").contains("3 re-embedded");
      assertThat(db.allWorkItemsWithVectors()).allSatisfy(w -> assertThat(w.vector()).hasSize(384));

      MigrationReport again = new JiveProfileMigration(db, lines::add).run(Backup.open(old));
      assertThat(again.written).isEmpty();
      assertThat(again.skipped).containsEntry("WorkItem", 3L);
    }
  }

  @Test
  void anItemPastTheStoresLimitsIsMigratedCutWithTheRestKeptInMetadata() throws Exception {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\"");
    }
    String longText = "x".repeat(dev.jive.core.rules.WorkItemValidation.MAX_DESCRIPTION_LENGTH + 5);
    Path old = dir.resolve("weaviate_backup_20250101_000001.json");
    Files.writeString(
        old,
        "{\"jive_workitem\":[{\"id\":\""
            + A
            + "\",\"collection\":\"WorkItem\",\"properties\":{\"title\":\"Big\",\"item_type\":\"task\","
            + "\"description\":\""
            + longText
            + "\",\"tags\":["
            + tags
            + "]}}]}");
    try (LanceDBManager db = store()) {
      MigrationReport report = new JiveProfileMigration(db, l -> {}).run(Backup.open(old));
      WorkItem a = db.findById(A).orElseThrow();
      assertThat(a.tags()).hasSize(dev.jive.core.rules.WorkItemValidation.MAX_TAGS);
      assertThat(a.description())
          .hasSize(dev.jive.core.rules.WorkItemValidation.MAX_DESCRIPTION_LENGTH);
      assertThat(a.metadata())
          .contains("tags_beyond_100")
          .contains("t149")
          .contains("description_full");
      assertThat(report.mends).anyMatch(m -> m.contains("more than 100 tags"));
      assertThat(report.mends).anyMatch(m -> m.contains("description over 100000 characters"));
    }
  }

  @Test
  void exitCodesFollowTheDocumentedMapping() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    assertThat(
            JiveMigrate.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "--help"))
        .isZero();
    assertThat(out.toString())
        .contains("quickstart")
        .contains("migrate")
        .contains("health")
        .contains("search");
    assertThat(JiveMigrate.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "nope"))
        .isEqualTo(2);
    assertThat(
            JiveMigrate.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "migrate"))
        .isEqualTo(2);
    assertThat(JiveMigrate.exitCode(new JiveMigrate.ValidationFailedException("x"))).isEqualTo(3);
    assertThat(JiveMigrate.exitCode(new dev.jive.core.StorageException("x"))).isEqualTo(1);
    assertThat(JiveMigrate.exitCode(new dev.jive.core.InvalidInputException("f", "x")))
        .isEqualTo(2);
  }
}
