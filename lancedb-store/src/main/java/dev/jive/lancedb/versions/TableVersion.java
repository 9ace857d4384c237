package dev.jive.lancedb.versions;

import java.time.Instant;
import java.util.List;

/** One version of a table: its number, when it was written, and the tags pointing at it. */
public record TableVersion(long version, Instant createdAt, List<String> tags) {}
