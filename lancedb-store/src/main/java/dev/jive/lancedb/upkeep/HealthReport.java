package dev.jive.lancedb.upkeep;

import java.util.List;

/**
 * The whole store: where it is, its tables, their total size, the configured model, and what an
 * operator should know that does not make it unhealthy (or says why it is).
 */
public record HealthReport(
    String location,
    boolean healthy,
    List<TableHealth> tables,
    long totalBytes,
    String embeddingModel,
    List<String> warnings) {
  public HealthReport {
    warnings = List.copyOf(warnings);
  }
}
