package dev.jive.lancedb;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a create needs to know about the table (which ids exist, how many siblings a parent has and
 * their highest order index), valid for one dataset version. Any other write, from this process or
 * another, makes a new version and so empties the cache; a create that this store commits updates
 * it in place. Only touched under the write lock.
 */
final class CreateCache {
  private long version = -1;
  private Set<String> ids;
  private final Map<String, int[]> siblings = new HashMap<>();

  /** Drops everything unless the table is still at the version the cache describes. */
  void validate(long currentVersion) {
    if (currentVersion != version) {
      version = currentVersion;
      ids = null;
      siblings.clear();
    }
  }

  Set<String> ids() {
    return ids;
  }

  void ids(Set<String> loaded) {
    ids = new HashSet<>(loaded);
  }

  /** {count, max order index} of a parent's children ({@code ""} for roots), or null. */
  int[] siblings(String parentKey) {
    return siblings.get(parentKey);
  }

  void siblings(String parentKey, int count, int maxOrder) {
    siblings.put(parentKey, new int[] {count, maxOrder});
  }

  /**
   * Moves the cache to a version this store's maintenance made from the one it describes:
   * compaction, index builds and cleanup change no row, so what the cache knows still holds.
   */
  void sameRows(long fromVersion, long newVersion) {
    if (version == fromVersion) {
      version = newVersion;
    }
  }

  /** Records a create this store committed, moving the cache to the new version. */
  void created(long newVersion, String id, String parentKey, int orderIndex) {
    created(id, parentKey, orderIndex);
    version = newVersion;
  }

  /**
   * Records a create whose row waits in a group commit: the table's version has not moved, and the
   * commit that moves it reports the move through {@link #sameRows}.
   */
  void created(String id, String parentKey, int orderIndex) {
    if (ids != null) {
      ids.add(id);
    }
    int[] s = siblings.get(parentKey);
    if (s != null) {
      s[0]++;
      s[1] = Math.max(s[1], orderIndex);
    }
  }
}
