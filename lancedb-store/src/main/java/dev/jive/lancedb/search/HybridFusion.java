package dev.jive.lancedb.search;

import dev.jive.core.search.Retriever;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses a semantic and a keyword ranking into one. Two methods; the default was chosen by measuring
 * both on a labelled query set (docs/search.md):
 *
 * <ul>
 *   <li>{@link Method#RRF}: reciprocal-rank fusion, {@code sum 1 / (60 + rank)}; scores carry no
 *       units, only order matters.
 *   <li>{@link Method#WEIGHTED}: each list's scores min-max normalised to [0, 1], then {@code 0.7
 *       semantic + 0.3 keyword} (the old system's weights, without its ad-hoc boosts).
 * </ul>
 */
public final class HybridFusion {
  static final int RRF_K = 60;
  static final double SEMANTIC_WEIGHT = 0.7;

  public enum Method {
    RRF,
    WEIGHTED
  }

  /** One ranked candidate: its key, its score from one retriever. */
  record Ranked(String key, double score) {}

  /** A fused candidate with the retrievers that found it. */
  record Fused(String key, double score, Set<Retriever> foundBy) {}

  private HybridFusion() {}

  static List<Fused> fuse(Method method, List<Ranked> semantic, List<Ranked> keyword, int limit) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Set<Retriever>> found = new HashMap<>();
    add(method, semantic, Retriever.SEMANTIC, SEMANTIC_WEIGHT, scores, found);
    add(method, keyword, Retriever.KEYWORD, 1 - SEMANTIC_WEIGHT, scores, found);
    List<Fused> out = new ArrayList<>();
    scores.forEach((k, s) -> out.add(new Fused(k, s, found.get(k))));
    out.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::key));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static void add(
      Method method,
      List<Ranked> ranking,
      Retriever retriever,
      double weight,
      Map<String, Double> scores,
      Map<String, Set<Retriever>> found) {
    double max = ranking.stream().mapToDouble(Ranked::score).max().orElse(0);
    double min = ranking.stream().mapToDouble(Ranked::score).min().orElse(0);
    for (int rank = 0; rank < ranking.size(); rank++) {
      Ranked r = ranking.get(rank);
      double contribution =
          switch (method) {
            case RRF -> 1.0 / (RRF_K + rank + 1);
            case WEIGHTED -> weight * (max > min ? (r.score() - min) / (max - min) : 1.0);
          };
      scores.merge(r.key(), contribution, Double::sum);
      found.computeIfAbsent(r.key(), k -> EnumSet.noneOf(Retriever.class)).add(retriever);
    }
  }
}
