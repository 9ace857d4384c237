package dev.jive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.versions.TableVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versions}: every table's kept versions with their time and tags (pre-migration,
 * pre-reembed, backups), newest last: what {@code rollback --to-tag} and {@code restore} can go
 * back to.
 */
@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "List each table's versions and tags (what rollback can go back to).")
final class VersionsCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--tagged", description = "Only versions that carry a tag.")
  boolean tagged;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode doc = mapper.createObjectNode();
    try (LanceDBManager db = store.openExisting()) {
      doc.put("store", db.location());
      ObjectNode tables = doc.putObject("tables");
      for (String table : db.listTables()) {
        List<TableVersion> versions = db.listVersions(table);
        ArrayNode rows = tables.putArray(table);
        if (!json) {
          out.printf("%s (%d versions kept)%n", table, versions.size());
        }
        for (TableVersion v : versions) {
          if (tagged && v.tags().isEmpty()) {
            continue;
          }
          ObjectNode row = rows.addObject();
          row.put("version", v.version());
          row.put("created_at", v.createdAt().toString());
          v.tags().forEach(row.putArray("tags")::add);
          if (!json) {
            out.printf(
                "  %8d  %s  %s%n",
                v.version(), v.createdAt(), v.tags().isEmpty() ? "" : String.join(", ", v.tags()));
          }
        }
      }
    }
    if (json) {
      out.println(mapper.writeValueAsString(doc));
    }
    return JiveMigrate.OK;
  }
}
