package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.versions.TableVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback [--to-tag pre-migration | --to-version N --table T]}: the LanceDB side. A tag
 * rolls back every table that has it; a version number belongs to one table.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Roll the store back to a tag or a table version.")
final class RollbackCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--to-tag", description = "Default pre-migration.")
  String tag;

  @Option(names = "--to-version")
  Long version;

  @Option(
      names = "--table",
      defaultValue = "WorkItem",
      description = "With --to-version: the table (default WorkItem).")
  String table;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (tag != null && version != null) {
      throw new InvalidInputException("--to-tag", "give --to-tag or --to-version, not both");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (LanceDBManager db = store.openExisting()) {
      if (version != null) {
        out.println(
            table
                + ": restored version "
                + version
                + " as version "
                + db.restore(table, Long.toString(version)));
        return JiveMigrate.OK;
      }
      String t = tag == null ? "pre-migration" : tag;
      int rolled = 0;
      for (String name : db.listTables()) {
        boolean tagged =
            db.listVersions(name).stream()
                .map(TableVersion::tags)
                .anyMatch(tags -> tags.contains(t));
        if (tagged) {
          out.println(name + ": restored tag '" + t + "' as version " + db.restore(name, t));
          rolled++;
        } else {
          out.println(name + ": no tag '" + t + "' (left as it is)");
        }
      }
      if (rolled == 0) {
        throw new InvalidInputException(
            "--to-tag", "no table at " + db.location() + " has the tag '" + t + "'");
      }
      return JiveMigrate.OK;
    }
  }
}
