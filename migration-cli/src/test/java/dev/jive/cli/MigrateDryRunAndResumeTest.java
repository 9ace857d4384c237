package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.core.WorkItem;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate --dry-run} writes nothing; {@code migrate --resume} finishes a killed run. */
class MigrateDryRunAndResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** An old single-file backup: epics of 9 tasks each, 384-d vectors (kept, not re-embedded). */
  static Path oldBackup(Path file, int items) throws Exception {
    Random random = new Random(7);
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("{\"jive_workitem\":[");
      String epic = null;
      for (int i = 0; i < items; i++) {
        String id = String.format("00000000-0000-0000-0000-%012d", i);
        boolean isEpic = i % 10 == 0;
        if (isEpic) {
          epic = id;
        }
        StringBuilder v = new StringBuilder("[");
        for (int d = 0; d < 384; d++) {
          v.append(d == 0 ? "" : ",").append((float) random.nextGaussian());
        }
        v.append(']');
        w.write(
            (i == 0 ? "" : ",")
                + "{\"id\":\""
                + id
                + "\",\"collection\":\"WorkItem\",\"vector\":"
                + v
                + ",\"properties\":{\"title\":\"Item "
                + i
                + "\",\"description\":\"Old item number "
                + i
                + "\",\"item_type\":\""
                + (isEpic ? "epic" : "task")
                + "\""
                + (isEpic ? "" : ",\"parent_id\":\"" + epic + "\"")
                + "}}");
      }
      w.write("]}");
    }
    return file;
  }

  /** Every file under a folder with its SHA-256, to show a dry run changed nothing. */
  private static Map<String, String> fingerprint(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        out.put(
            root.relativize(p).toString(),
            HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  @Test
  void aDryRunReportsWhatItWouldWriteAndLeavesTheDataPathAsItWas() throws Exception {
    Path backups = Files.createDirectories(dir.resolve("backups"));
    Path small = oldBackup(backups.resolve("weaviate_backup_20250101_000000.json"), 30);
    Path data = dir.resolve("data");

    Run fresh =
        run(
            "migrate",
            "--from-backup",
            small.toString(),
            "--data-path",
            data.toString(),
            "--dry-run");
    assertThat(fresh.code()).as(fresh.err()).isZero();
    assertThat(fresh.out()).contains("dry run: nothing was written").contains("WorkItem=30");
    assertThat(data).doesNotExist();
    Path report;
    try (Stream<Path> s = Files.list(backups)) {
      report =
          s.filter(p -> p.getFileName().toString().endsWith("_dry_run.json"))
              .findFirst()
              .orElseThrow();
    }
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(json.path("format").asText()).isEqualTo("jive-migration-report");
    assertThat(json.path("tables").path("WorkItem").path("would_write").asLong()).isEqualTo(30);
    assertThat(json.path("dry_run").asBoolean()).isTrue();

    assertThat(
            run("migrate", "--from-backup", small.toString(), "--data-path", data.toString())
                .code())
        .isZero();
    Map<String, String> before = fingerprint(data);
    Path bigger = oldBackup(dir.resolve("bigger.json"), 50);
    Run again =
        run(
            "migrate",
            "--from-backup",
            bigger.toString(),
            "--data-path",
            data.toString(),
            "--dry-run");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("WorkItem=20");
    assertThat(fingerprint(data)).isEqualTo(before);
  }

  @Test
  void aKilledMigrationMustBeResumedAndResumingLosesAndDuplicatesNothing() throws Exception {
    int items = 6000;
    Path backup = oldBackup(dir.resolve("weaviate_backup_big.json"), items);
    Path data = dir.resolve("data");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("--enable-native-access")
          || a.startsWith("--sun-misc")) {
        cmd.add(a);
      }
    }
    cmd.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.jive.cli.JiveMigrate",
            "migrate",
            "--from-backup",
            backup.toString(),
            "--data-path",
            data.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String seen = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("wrote WorkItem:")) {
          seen = line;
          p.destroyForcibly(); // kill -9: no shutdown hook, no cleanup
          break;
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).as("the child wrote a first batch before it was killed").isNotNull();
    long committed;
    try (LanceDBManager db =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      committed = db.countWorkItems(dev.jive.core.search.Filter.matchAll());
    }
    assertThat(committed).as("killed part-way (%s)", seen).isLessThan(items);
    Run partial =
        run("compare-counts", "--backup-file", backup.toString(), "--data-path", data.toString());
    assertThat(partial.code()).isEqualTo(JiveMigrate.VALIDATION_FAILED);
    assertThat(partial.out()).contains("DIFFERS");

    Run refused =
        run("migrate", "--from-backup", backup.toString(), "--data-path", data.toString());
    assertThat(refused.code()).isEqualTo(JiveMigrate.FAILURE);
    assertThat(refused.err())
        .contains("did not finish")
        .contains("--resume")
        .as("no rollback advice: the store was empty, so no pre-migration tag exists")
        .doesNotContain("--to-tag pre-migration")
        .contains("there is no pre-migration tag to roll back to");

    Run resumed =
        run(
            "migrate",
            "--from-backup",
            backup.toString(),
            "--data-path",
            data.toString(),
            "--resume");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming");
    try (LanceDBManager db =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      List<WorkItem> all = db.allWorkItems();
      assertThat(all).hasSize(items);
      Set<String> ids = new HashSet<>();
      all.forEach(w -> ids.add(w.id()));
      assertThat(ids).hasSize(items);
      assertThat(db.findById("00000000-0000-0000-0000-000000000011").orElseThrow().parentId())
          .isEqualTo("00000000-0000-0000-0000-000000000010");
    }
    // Finished: a plain run is allowed again and adds nothing.
    Run after = run("migrate", "--from-backup", backup.toString(), "--data-path", data.toString());
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).contains("WorkItem=" + items);
    Run counts =
        run("compare-counts", "--backup-file", backup.toString(), "--data-path", data.toString());
    assertThat(counts.code()).as(counts.out() + counts.err()).isZero();
    assertThat(counts.out()).contains("WorkItem").contains("counts match");
  }

  @Test
  void reembedIgnoresSourceVectorsAndKeepVectorsKeepsThoseThatFit() throws Exception {
    Path backup = oldBackup(dir.resolve("weaviate_backup_small.json"), 20);
    Run kept =
        run(
            "migrate",
            "--from-backup",
            backup.toString(),
            "--data-path",
            dir.resolve("a").toString(),
            "--keep-vectors");
    assertThat(kept.code()).as(kept.err()).isZero();
    assertThat(kept.out()).contains("20 vectors kept").contains("0 re-embedded");
    Run fresh =
        run(
            "migrate",
            "--from-backup",
            backup.toString(),
            "--data-path",
            dir.resolve("b").toString(),
            "--reembed");
    assertThat(fresh.code()).as(fresh.err()).isZero();
    assertThat(fresh.out())
        .contains("0 vectors kept")
        .contains("20 re-embedded")
        .contains("--reembed");
    Run both = run("migrate", "--from-backup", backup.toString(), "--keep-vectors", "--reembed");
    assertThat(both.code()).isEqualTo(JiveMigrate.USAGE);
  }
}
