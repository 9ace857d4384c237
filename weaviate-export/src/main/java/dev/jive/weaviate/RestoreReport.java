package dev.jive.weaviate;

import java.util.List;
import java.util.Map;

/**
 * What a restore did (or, for a dry run, would do): classes created or found, tenants, objects
 * written per class, references written, and every object that failed with the server's message.
 */
public record RestoreReport(
    boolean dryRun,
    List<String> classesCreated,
    List<String> classesExisting,
    Map<String, Long> objectsByClass,
    long referencesWritten,
    List<Failure> failures) {

  public record Failure(String className, String id, String message) {}

  public boolean succeeded() {
    return failures.isEmpty();
  }

  public long totalObjects() {
    return objectsByClass.values().stream().mapToLong(Long::longValue).sum();
  }
}
