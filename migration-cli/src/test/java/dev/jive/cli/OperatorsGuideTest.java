package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.cli.CliTestSupport.Run;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.WeaviateRestorer;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code docs/operators-guide.md} as an operator would: every {@code scripts/jive-migrate}
 * command of its shell blocks, in order, against the Weaviate test server loaded with the bundled
 * sample, with the guide's paths mapped into a temporary folder, each asserted to exit 0. Then the
 * false passes an operator met before: a store missing rows, a validation that compared nothing, a
 * read command on a data path that does not exist.
 */
class OperatorsGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "operators-guide.md");
  private static final Path SAMPLE =
      Path.of("src", "main", "resources", "sample", "weaviate_backup_sample.json");

  /**
   * Lines of the guide's shell blocks that are not jive-migrate and that this test stands in for.
   */
  private static final List<String> STOOD_IN_FOR =
      List.of(
          "export WEAVIATE_API_KEY", // the test server needs no key
          "scripts/weaviate-test-server", // started in process, loaded with the same kind of backup
          "kill %1",
          "scripts/jive-mcp", // step 8: the MCP server's own tests start it on a data path
          "JIVE_MCP_TOKEN=");

  @TempDir Path dir;

  @Test
  void everyCommandOfTheGuideRunsInOrderAndExitsZero() throws Exception {
    List<String> commands = shellCommands(Files.readString(GUIDE));
    assertThat(commands).hasSizeGreaterThan(15);
    boolean backupsBefore = Files.exists(Path.of("backups"));
    List<String> ran = new ArrayList<>();
    try (WeaviateTestServer weaviate = WeaviateTestServer.start(0, null)) {
      new WeaviateRestorer(weaviate.url(), null, List.of(), 500, false)
          .inferMissingSchema()
          .restore(Backup.open(SAMPLE));
      for (String command : commands) {
        if (STOOD_IN_FOR.stream().anyMatch(command::startsWith)) {
          continue;
        }
        assertThat(command)
            .as("a command this test does not know")
            .startsWith("scripts/jive-migrate ");
        String mapped = map(command, weaviate.url());
        Run r = CliTestSupport.run(words(mapped.substring("scripts/jive-migrate ".length())));
        assertThat(r.code()).as(mapped + "\n" + r.out() + r.err()).isZero();
        ran.add(mapped);
      }
    }
    assertThat(String.join("\n", ran))
        .contains(" setup ", " backup ", " migrate ", "--dry-run", "--resume", " compare-counts ")
        .contains(" validate ", " rollback ", " restore ", " reembed ", "--rollback");
    assertThat(Files.exists(Path.of("backups")))
        .as("nothing written outside the given paths")
        .isEqualTo(backupsBefore);
  }

  @Test
  void theChecksFailWhereTheyOncePassedFalsely() throws Exception {
    Path data = dir.resolve("data");
    Path backups = dir.resolve("backups");
    try (WeaviateTestServer weaviate = WeaviateTestServer.start(0, null)) {
      new WeaviateRestorer(weaviate.url(), null, List.of(), 500, false)
          .inferMissingSchema()
          .restore(Backup.open(SAMPLE));
      Run backup =
          CliTestSupport.run(
              "backup", "--weaviate-url", weaviate.url(), "--backup-path", backups.toString());
      assertThat(backup.code()).as(backup.err()).isZero();
    }
    String folder = newest(backups, "weaviate_backup_").toString();

    // A store that compared nothing: set up, never migrated.
    assertThat(
            CliTestSupport.run(
                    "setup", "--data-path", data.toString(), "--backup-path", backups.toString())
                .code())
        .isZero();
    Run empty =
        CliTestSupport.run(
            "validate",
            "--data-path",
            data.toString(),
            "--compare-backup",
            folder,
            "--full-validation");
    assertThat(empty.code()).as(empty.out() + empty.err()).isEqualTo(3);

    // A store missing one row of the backup.
    Run migrate =
        CliTestSupport.run("migrate", "--from-backup", folder, "--data-path", data.toString());
    assertThat(migrate.code()).as(migrate.err()).isZero();
    try (LanceDBManager store =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      String id = store.scanRows("WorkItem", null, 1).get(0).get("id").toString();
      assertThat(store.deleteWorkItem(id, true)).contains(id);
    }
    Run counts =
        CliTestSupport.run(
            "compare-counts", "--backup-file", folder, "--data-path", data.toString());
    assertThat(counts.code()).as(counts.out() + counts.err()).isEqualTo(3);
    assertThat(counts.out() + counts.err()).contains("WorkItem").contains("expected 271");

    // A data path that does not exist: a usage error, and nothing is created.
    Path nowhere = dir.resolve("no-such-store");
    for (String[] read :
        List.of(
            new String[] {"validate", "--data-path", nowhere.toString()},
            new String[] {"health", "--data-path", nowhere.toString()},
            new String[] {"search", "--data-path", nowhere.toString(), "--query", "login"},
            new String[] {"versions", "--data-path", nowhere.toString()},
            new String[] {
              "compare-counts", "--backup-file", folder, "--data-path", nowhere.toString()
            })) {
      Run r = CliTestSupport.run(read);
      assertThat(r.code()).as(String.join(" ", read) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("no store at");
    }
    assertThat(nowhere).doesNotExist();
  }

  /** The guide's paths and hosts in this test's folder and server; {@code <time>} resolved. */
  private String map(String command, String weaviate) throws IOException {
    Path backups = dir.resolve("backups");
    Path rehearsalBackups = dir.resolve("rehearsal-backups");
    String c = command;
    if (c.contains("/srv/jive/backups/weaviate_backup_<time>") || c.contains("--from-backup ...")) {
      String b = newest(backups, "weaviate_backup_").toString();
      c =
          c.replace("/srv/jive/backups/weaviate_backup_<time>", b)
              .replace("--from-backup ...", "--from-backup " + b);
    }
    if (c.contains("/tmp/rehearsal-backups/weaviate_backup_<time>")) {
      c =
          c.replace(
              "/tmp/rehearsal-backups/weaviate_backup_<time>",
              newest(rehearsalBackups, "weaviate_backup_").toString());
    }
    c =
        c.replace("/tmp/rehearsal-backups", rehearsalBackups.toString())
            .replace("/tmp/rehearsal", dir.resolve("rehearsal").toString())
            .replace("/srv/jive/backups", backups.toString())
            .replace("/srv/jive/data", dir.resolve("data").toString())
            .replace("http://weaviate:8080", weaviate)
            .replace("http://127.0.0.1:18080", weaviate)
            .replace(" validation.json", " " + dir.resolve("validation.json"));
    assertThat(c).as("every path of the guide is mapped").doesNotContain("/srv/", "<time>", "...");
    return c;
  }

  private static Path newest(Path folder, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .filter(f -> !f.getFileName().toString().endsWith(".partial"))
          .filter(Files::isDirectory)
          .max(Comparator.comparing(f -> f.getFileName().toString()))
          .orElseThrow(() -> new AssertionError("no " + prefix + "* folder in " + folder));
    }
  }

  /** The commands of every {@code ```bash} block: continuation lines joined, comments dropped. */
  static List<String> shellCommands(String markdown) {
    List<String> out = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder pending = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (!inBlock) {
        inBlock = line.strip().equals("```bash");
        continue;
      }
      if (line.strip().equals("```")) {
        inBlock = false;
        continue;
      }
      String code = line.replaceAll("\\s+#.*$", "").strip();
      if (code.isEmpty() || code.startsWith("#")) {
        continue;
      }
      if (code.endsWith("\\")) {
        pending.append(code, 0, code.length() - 1).append(' ');
        continue;
      }
      pending.append(code);
      out.add(pending.toString().replaceAll("\\s+", " ").replaceAll(" &$", ""));
      pending.setLength(0);
    }
    return out;
  }

  /** Shell words: split on spaces, double quotes grouping. */
  static String[] words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (char ch : command.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ' ' && !quoted) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(ch);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words.toArray(String[]::new);
  }
}
