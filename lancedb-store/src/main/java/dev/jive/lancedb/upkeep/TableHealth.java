package dev.jive.lancedb.upkeep;

import java.util.List;

/**
 * One table's state: whether it exists, its rows, fragments, indexes (name and rows covered),
 * versions, bytes on disk, and the embedding model its vectors come from (null for none).
 */
public record TableHealth(
    String table,
    boolean exists,
    long rows,
    int fragments,
    List<IndexState> indexes,
    int versions,
    long sizeBytes,
    String embeddingModel,
    Integer vectorDimension) {

  /** An index and how many rows it covers; rows added since are searched without it. */
  public record IndexState(String name, String type, long rowsIndexed) {}
}
