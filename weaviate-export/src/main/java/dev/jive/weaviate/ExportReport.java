package dev.jive.weaviate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an export did: where the backup is, objects per class (and tenant), tenants left out because
 * they were inactive, and how long it took.
 */
public record ExportReport(
    Path backup,
    Map<String, Long> objectsByFile,
    List<String> inactiveTenantsSkipped,
    long totalObjects,
    Duration duration) {

  public double objectsPerSecond() {
    double s = duration.toNanos() / 1e9;
    return s > 0 ? totalObjects / s : 0;
  }
}
