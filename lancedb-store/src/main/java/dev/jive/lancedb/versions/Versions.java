package dev.jive.lancedb.versions;

import dev.jive.core.NotFoundException;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.lance.Dataset;
import org.lance.Tag;
import org.lance.Version;

/** A table's versions and tags, and restoring one of them as the newest version. */
public final class Versions {
  private final Tables tables;
  private final Upkeep upkeep;

  public Versions(Tables tables, Upkeep upkeep) {
    this.tables = tables;
    this.upkeep = upkeep;
  }

  /** Every version of a table, oldest first, with the tags on each. */
  public List<TableVersion> list(String table) {
    Dataset ds = existing(table).latest();
    Map<Long, List<String>> tags = new HashMap<>();
    for (Tag tag : ds.tags().list()) {
      tags.computeIfAbsent(tag.getVersion(), k -> new ArrayList<>()).add(tag.getName());
    }
    List<TableVersion> out = new ArrayList<>();
    for (Version v : ds.listVersions()) {
      out.add(
          new TableVersion(
              v.getId(),
              v.getDataTime().toInstant(),
              List.copyOf(tags.getOrDefault(v.getId(), List.of()))));
    }
    return out;
  }

  /** Points {@code tag} at the table's latest version (moving it if it exists); returns it. */
  static long tagLatest(LanceTable t, String tag) {
    Dataset ds = t.latest();
    if (ds.tags().list().stream().anyMatch(x -> x.getName().equals(tag))) {
      ds.tags().update(tag, ds.version());
    } else {
      ds.tags().create(tag, ds.version());
    }
    return ds.version();
  }

  /** Tags the latest version of every existing table (e.g. {@code pre-migration}). */
  public Map<String, Long> tagAll(String tag) {
    Map<String, Long> tagged = new LinkedHashMap<>();
    tables
        .writeLock()
        .run(
            () -> {
              for (String name : tables.list()) {
                tagged.put(name, tagLatest(tables.unchecked(name), tag));
              }
            });
    return tagged;
  }

  /**
   * Rolls a table back to a tag or a version: that version becomes the newest (older and newer
   * versions stay until cleanup), then every index is rebuilt.
   */
  public long restore(String table, String tagOrVersion) {
    return restore(table, tagOrVersion, false);
  }

  /** As {@link #restore}, for the re-embedding whose marker would refuse other writers. */
  long restoreForReembed(String table, String tag) {
    return restore(table, tag, true);
  }

  private long restore(String table, String tagOrVersion, boolean ownReembed) {
    LanceTable t = existing(table);
    Supplier<Long> locked = () -> restoreLocked(t, table, tagOrVersion);
    long restored =
        upkeep.exclusively(
            () ->
                ownReembed
                    ? tables.writeLock().withoutReembedCheck(locked)
                    : tables.writeLock().with(locked));
    tables.forgetModelCheck(table);
    return restored;
  }

  /** Without the model check: a table of another model is what a rollback mends. */
  private LanceTable existing(String table) {
    LanceTable t = tables.unchecked(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + tables.root());
    }
    return t;
  }

  private long restoreLocked(LanceTable t, String table, String tagOrVersion) {
    Dataset ds = t.latest();
    Dataset old;
    try {
      old =
          tagOrVersion.chars().allMatch(Character::isDigit)
              ? ds.checkoutVersion(Long.parseLong(tagOrVersion))
              : ds.checkoutTag(tagOrVersion);
    } catch (RuntimeException e) {
      throw new NotFoundException(
          "table " + table + " has no version or tag '" + tagOrVersion + "'");
    }
    try {
      old.restore();
    } finally {
      old.close();
    }
    t.latest();
    upkeep.rebuildIndexes(t, Tables.hasVectorColumn(t));
    return t.latest().version();
  }
}
