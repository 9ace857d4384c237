package dev.jive.lancedb.upkeep;

import java.util.List;

/** The whole store: where it is, its tables, their total size, and the configured model. */
public record HealthReport(
    String location,
    boolean healthy,
    List<TableHealth> tables,
    long totalBytes,
    String embeddingModel) {}
