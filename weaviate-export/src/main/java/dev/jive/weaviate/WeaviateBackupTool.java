package dev.jive.weaviate;

import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import dev.jive.weaviate.backup.Backup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Export and restore from the command line, until {@code jive-migrate backup|restore} wraps them:
 *
 * <pre>
 * export  --weaviate-url URL [--api-key-env VAR] [--classes A,B] [--backup-path DIR]
 *         [--activate-inactive-tenants]
 * restore --backup-file PATH --weaviate-url URL [--api-key-env VAR] [--classes A,B] [--dry-run]
 * </pre>
 *
 * The API key is read from the environment variable {@code --api-key-env} names (default {@code
 * WEAVIATE_API_KEY}), never from the command line. Exit codes: 0 ok, 1 failure (including any
 * object the restore could not write), 2 usage.
 */
public final class WeaviateBackupTool {
  private static final Set<String> FLAGS = Set.of("--activate-inactive-tenants", "--dry-run");

  private WeaviateBackupTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println(
          "usage: export --weaviate-url URL [--api-key-env VAR] [--classes A,B] [--backup-path DIR] [--activate-inactive-tenants]");
      out.println(
          "       restore --backup-file PATH --weaviate-url URL [--api-key-env VAR] [--classes A,B] [--dry-run]");
      return args.length == 0 ? 2 : 0;
    }
    try {
      Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
      String key = env.get(o.getOrDefault("--api-key-env", "WEAVIATE_API_KEY"));
      List<String> classes =
          o.containsKey("--classes") ? List.of(o.get("--classes").split(",")) : List.of();
      return switch (args[0]) {
        case "export" -> export(o, key, classes, out);
        case "restore" -> restore(o, key, classes, out, err);
        default ->
            throw new InvalidInputException(
                "command", "unknown command '" + args[0] + "' (export or restore)");
      };
    } catch (InvalidInputException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (JiveException | IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int export(
      Map<String, String> o, String key, List<String> classes, PrintStream out) throws IOException {
    Path dir = Path.of(o.getOrDefault("--backup-path", "./backups"));
    Files.createDirectories(dir);
    ExportOptions options =
        ExportOptions.of(required(o, "--weaviate-url"), key)
            .withClasses(classes)
            .withActivateInactiveTenants(o.containsKey("--activate-inactive-tenants"));
    ExportReport r = new WeaviateExporter(options).onProgress(out::println).export(dir);
    r.objectsByFile().forEach((k, v) -> out.printf("  %-40s %,d objects%n", k, v));
    r.inactiveTenantsSkipped()
        .forEach(
            t ->
                out.println(
                    "  NOT EXPORTED (inactive tenant): "
                        + t
                        + "; use --activate-inactive-tenants"));
    out.printf(
        "backup %s: %,d objects in %.1f s (%.0f objects/s)%n",
        r.backup(), r.totalObjects(), r.duration().toMillis() / 1000.0, r.objectsPerSecond());
    return 0;
  }

  private static int restore(
      Map<String, String> o, String key, List<String> classes, PrintStream out, PrintStream err)
      throws IOException {
    boolean dry = o.containsKey("--dry-run");
    Backup backup = Backup.open(Path.of(required(o, "--backup-file")));
    RestoreReport r =
        new WeaviateRestorer(required(o, "--weaviate-url"), key, classes, 200, dry)
            .onProgress(out::println)
            .restore(backup);
    out.println((dry ? "would create" : "created") + " classes: " + r.classesCreated());
    out.println("existing classes kept: " + r.classesExisting());
    r.objectsByClass()
        .forEach((c, n) -> out.printf("  %-40s %,d objects%s%n", c, n, dry ? " (would send)" : ""));
    out.printf("references: %,d objects%s%n", r.referencesWritten(), dry ? " (would send)" : "");
    for (RestoreReport.Failure f : r.failures()) {
      err.println("FAILED " + f.className() + " " + f.id() + ": " + f.message());
    }
    if (!r.succeeded()) {
      err.println(r.failures().size() + " object(s) failed");
      return 1;
    }
    return 0;
  }

  /** The lines an export report prints as (shared with jive-migrate backup). */
  public static List<String> describe(ExportReport r) {
    List<String> lines = new ArrayList<>();
    r.objectsByFile().forEach((k, v) -> lines.add(String.format("  %-40s %,d objects", k, v)));
    r.inactiveTenantsSkipped()
        .forEach(
            t ->
                lines.add(
                    "  NOT EXPORTED (inactive tenant): "
                        + t
                        + "; use --activate-inactive-tenants"));
    lines.add(
        String.format(
            "backup %s: %,d objects in %.1f s (%.0f objects/s)",
            r.backup(), r.totalObjects(), r.duration().toMillis() / 1000.0, r.objectsPerSecond()));
    return lines;
  }

  /** The lines a restore report prints as (shared with jive-migrate restore); failures aside. */
  public static List<String> describe(RestoreReport r) {
    String would = r.dryRun() ? " (would send)" : "";
    List<String> lines = new ArrayList<>();
    lines.add((r.dryRun() ? "would create" : "created") + " classes: " + r.classesCreated());
    lines.add("existing classes kept: " + r.classesExisting());
    r.objectsByClass()
        .forEach((c, n) -> lines.add(String.format("  %-40s %,d objects%s", c, n, would)));
    lines.add(String.format("references: %,d objects%s", r.referencesWritten(), would));
    return lines;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String name = rest.remove(0);
      if (FLAGS.contains(name)) {
        o.put(name, "true");
      } else if (name.startsWith("--") && !rest.isEmpty()) {
        if (name.equals("--api-key")) {
          throw new InvalidInputException(
              "--api-key",
              "keys are never taken on the command line; put it in an environment variable and name it with --api-key-env");
        }
        o.put(name, rest.remove(0));
      } else {
        throw new InvalidInputException(name, "unknown or incomplete option");
      }
    }
    return o;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) {
      throw new InvalidInputException(name, "is required");
    }
    return v;
  }
}
