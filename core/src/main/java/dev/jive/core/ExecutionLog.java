package dev.jive.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@code ExecutionLog} table: something an agent did (or tried) on a work item.
 * There is no vector; the text fields are covered by the full-text index.
 *
 * @param workItemId null for entries not tied to one item
 * @param metadata a JSON object as text, {@code "{}"} when there is none
 */
public record ExecutionLog(
    String id,
    String logId,
    String workItemId,
    String action,
    String status,
    String agentId,
    String details,
    String errorMessage,
    double durationSeconds,
    Instant timestamp,
    String metadata) {

  public ExecutionLog {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    logId = logId == null ? id : logId;
    action = action == null ? "" : action;
    status = status == null ? "" : status;
    details = details == null ? "" : details;
    metadata = metadata == null || metadata.isBlank() ? "{}" : metadata;
    if (durationSeconds < 0 || Double.isNaN(durationSeconds)) {
      throw new InvalidInputException(
          "duration_seconds", "must be zero or more, got " + durationSeconds);
    }
  }
}
