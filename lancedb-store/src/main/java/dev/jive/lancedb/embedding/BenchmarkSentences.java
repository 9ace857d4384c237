package dev.jive.lancedb.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded, realistic work-item text, so benchmarks embed text shaped like what agents store rather
 * than one repeated string. {@link #shortTexts} are titles and queries (4 to 9 words, 7 on average:
 * the length of the STS sentences behind the published model throughput figures); {@link #generate}
 * adds description clauses (19 words on average, up to ~45).
 */
public final class BenchmarkSentences {
  private static final String[] VERBS = {
    "Implement",
    "Refactor",
    "Fix",
    "Document",
    "Test",
    "Migrate",
    "Optimise",
    "Review",
    "Design",
    "Remove"
  };
  private static final String[] THINGS = {
    "user authentication",
    "the login page",
    "search indexing",
    "the billing service",
    "dependency resolution",
    "progress tracking",
    "the REST API",
    "database migrations",
    "vector search",
    "the CI pipeline",
    "error reporting",
    "session handling",
    "rate limiting",
    "the admin dashboard",
    "email notifications",
    "audit logging"
  };
  private static final String[] DETAILS = {
    "so that agents can resume work after a restart",
    "without breaking existing clients",
    "and add tests for the edge cases found in review",
    "because the current approach times out under load",
    "using the patterns agreed in the architecture memo",
    "with clear error messages for invalid input",
    "and measure the latency before and after",
    "to unblock the release planned for next sprint",
    "following the security review recommendations",
    "keeping memory flat for large projects"
  };

  private BenchmarkSentences() {}

  /** Titles and queries: a verb, a subject and at most one short qualifier. */
  public static List<String> shortTexts(int count, long seed) {
    String[] qualifiers = {"", "", "for agents", "in the API", "after restart", "under load"};
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String q = qualifiers[random.nextInt(qualifiers.length)];
      out.add(
          VERBS[random.nextInt(VERBS.length)]
              + " "
              + THINGS[random.nextInt(THINGS.length)]
              + (q.isEmpty() ? "" : " " + q)
              + " #"
              + i);
    }
    return out;
  }

  /**
   * A generated text as a work item holds it: the title is the text up to the first space after 30
   * characters, the description the rest (empty when there is no such space).
   */
  public static String[] titleAndDescription(String text) {
    int cut = text.indexOf(' ', Math.min(text.length() - 1, 30));
    return cut > 0
        ? new String[] {text.substring(0, cut), text.substring(cut + 1)}
        : new String[] {text, ""};
  }

  /** Title plus description clauses, as stored work items read. */
  public static List<String> generate(int count, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder s = new StringBuilder();
      s.append(VERBS[random.nextInt(VERBS.length)])
          .append(' ')
          .append(THINGS[random.nextInt(THINGS.length)]);
      int details = random.nextInt(5);
      for (int d = 0; d < details; d++) {
        s.append(' ').append(DETAILS[random.nextInt(DETAILS.length)]);
      }
      s.append(" (#").append(i).append(')');
      out.add(s.toString());
    }
    return out;
  }
}
