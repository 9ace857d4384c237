package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.weaviate.backup.Backup;
import java.io.PrintWriter;
import java.util.Locale;

/** Which profile maps a source into the store: jive (MCP Jive's collections) or generic. */
final class Profiles {
  private Profiles() {}

  /**
   * Whether the generic profile applies: as {@code asked} ({@code --profile}), or when the source
   * has neither MCP Jive's WorkItem nor its old Task collection. The choice made is printed.
   */
  static boolean generic(Backup source, String asked, PrintWriter out) {
    if (asked != null) {
      String p = asked.strip().toLowerCase(Locale.ROOT);
      if (!p.equals("jive") && !p.equals("generic")) {
        throw new InvalidInputException(
            "--profile", "must be jive or generic, got '" + asked + "'");
      }
      return p.equals("generic");
    }
    boolean jive =
        source.manifest().files().stream()
            .map(JiveProfileMigration::kindOf)
            .anyMatch(k -> k.equals("WorkItem") || k.equals("Task"));
    out.println(
        "profile: "
            + (jive
                ? "jive (the source has MCP Jive's WorkItem collection)"
                : "generic (no MCP Jive collection in the source)"));
    return !jive;
  }
}
