package dev.jive.mcp.tools;

import java.util.Collection;
import java.util.Locale;

/** The nearest known name to a misspelt one, for "did you mean" hints. */
final class Spelling {
  private Spelling() {}

  /**
   * The known name closest to {@code given} by edits (insert, delete, replace, swap two
   * neighbours), if it is within two edits (one for names of four letters or fewer); else null.
   */
  static String nearest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT).replace('-', '_');
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = Math.min(g.length(), best == null ? 0 : best.length()) <= 4 ? 1 : 2;
    return best != null && bestDistance <= allowed ? best : null;
  }

  /** Optimal string alignment distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
