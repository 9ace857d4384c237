package dev.jive.lancedb.upkeep;

import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.ReembedMarker;
import dev.jive.lancedb.table.Tables;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lance.Dataset;
import org.lance.index.IndexDescription;

/** What each table holds and whether it can be read: rows, fragments, indexes, versions, size. */
public final class Health {
  private Health() {}

  /** The four MCP Jive tables (present or not) and every other table under the location. */
  public static HealthReport of(Tables tables) {
    List<TableHealth> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(JiveTables.ALL);
    names.addAll(tables.list());
    long total = 0;
    boolean healthy = true;
    List<String> warnings = new ArrayList<>();
    Optional<ReembedMarker> reembed = tables.localRoot().flatMap(ReembedMarker::read);
    reembed.ifPresent(m -> warnings.add(m.describe(tables.root())));
    String storeModel = tables.embedder().modelName();
    for (String name : names) {
      // Unchecked: a table of another model is reported, not a reason the report cannot be made.
      LanceTable t = tables.unchecked(name);
      if (!t.exists()) {
        out.add(new TableHealth(name, false, 0, 0, List.of(), 0, 0, null, null));
        continue;
      }
      try {
        TableHealth h = of(t, tables.sizeOf(name));
        total += h.sizeBytes();
        out.add(h);
        // Mid re-embedding two models are expected; the marker's warning says so.
        if (reembed.isEmpty()
            && h.embeddingModel() != null
            && !Tables.sameModel(h.embeddingModel(), storeModel)) {
          healthy = false;
          warnings.add(
              name
                  + " holds vectors of "
                  + h.embeddingModel()
                  + " but the store uses "
                  + storeModel
                  + ": re-embed it (jive-migrate reembed --table "
                  + name
                  + " --model "
                  + storeModel
                  + ") or open the store with --model "
                  + h.embeddingModel());
        }
      } catch (RuntimeException e) {
        healthy = false;
        out.add(new TableHealth(name, true, -1, -1, List.of(), -1, -1, null, null));
      }
    }
    return new HealthReport(tables.root(), healthy, out, total, storeModel, warnings);
  }

  private static TableHealth of(LanceTable t, long size) {
    Dataset ds = t.latest();
    List<TableHealth.IndexState> indexes = new ArrayList<>();
    for (IndexDescription d : ds.describeIndices()) {
      indexes.add(new TableHealth.IndexState(d.getName(), d.getIndexType(), d.getRowsIndexed()));
    }
    Map<String, String> meta = ds.getSchema().getCustomMetadata();
    String model = meta == null ? null : meta.get(JiveTables.modelKey("vector"));
    String dim = meta == null ? null : meta.get(JiveTables.dimensionKey("vector"));
    return new TableHealth(
        t.name(),
        true,
        ds.countRows(),
        ds.getFragments().size(),
        indexes,
        ds.listVersions().size(),
        size,
        model,
        dim == null ? null : Integer.valueOf(dim));
  }

  /** Bytes on disk of every table (0 on object storage, which is not walked). */
  public static long databaseSize(Tables tables) {
    if (tables.config().isRemote()) {
      return 0;
    }
    long total = 0;
    for (String name : tables.list()) {
      total += tables.sizeOf(name);
    }
    return total;
  }
}
