package dev.jive.core.rules;

import static dev.jive.core.TestItems.item;
import static dev.jive.core.TestItems.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  @Test
  void selfDependencyIsACycle() {
    DependencyGraph g = DependencyGraph.of(Map.of("a", List.of()));
    assertThat(g.cycleIfAdded("a", "a")).contains(List.of("a", "a"));
  }

  @Test
  void twoNodeCycleIsFoundWhenTheSecondEdgeIsAdded() {
    DependencyGraph g = DependencyGraph.of(Map.of("a", List.of("b"), "b", List.of()));
    assertThat(g.cycleIfAdded("b", "a")).contains(List.of("b", "a", "b"));
    assertThat(g.cycleIfAdded("a", "b")).isEmpty();
  }

  @Test
  void longChainCycleReportsTheWholePath() {
    Map<String, List<String>> edges = new HashMap<>();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      edges.put("n" + i, i + 1 < n ? List.of("n" + (i + 1)) : List.of());
    }
    DependencyGraph g = DependencyGraph.of(edges);
    List<String> cycle = g.cycleIfAdded("n" + (n - 1), "n0").orElseThrow();
    assertThat(cycle).hasSize(n + 1);
    assertThat(cycle.get(0)).isEqualTo("n" + (n - 1));
    assertThat(cycle.get(1)).isEqualTo("n0");
    assertThat(cycle.get(n)).isEqualTo("n" + (n - 1));
    // Closing the chain the other way round is safe.
    assertThat(g.cycleIfAdded("n0", "n" + (n - 1))).isEmpty();
  }

  @Test
  void diamondIsNotACycle() {
    DependencyGraph g =
        DependencyGraph.of(
            Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d"), "d", List.of()));
    assertThat(g.cycles()).isEmpty();
    assertThat(g.cycleIfAdded("a", "d")).isEmpty();
    assertThat(g.cycleIfAdded("d", "a")).isPresent();
  }

  @Test
  void existingCyclesAreListedOnceEachFromTheirSmallestId() {
    DependencyGraph g =
        DependencyGraph.of(
            Map.of(
                "c", List.of("a"),
                "a", List.of("b"),
                "b", List.of("c"),
                "x", List.of("x"),
                "p", List.of("q"),
                "q", List.of()));
    assertThat(g.cycles())
        .containsExactlyInAnyOrder(List.of("a", "b", "c", "a"), List.of("x", "x"));
  }

  @Test
  void longExistingCycleDoesNotOverflowTheStack() {
    Map<String, List<String>> edges = new HashMap<>();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      edges.put(String.format("n%05d", i), List.of(String.format("n%05d", (i + 1) % n)));
    }
    List<List<String>> cycles = DependencyGraph.of(edges).cycles();
    assertThat(cycles).hasSize(1);
    assertThat(cycles.get(0)).hasSize(n + 1).startsWith("n00000", "n00001");
  }

  @Test
  void dependenciesOnUnknownItemsAreReportedAsMissing() {
    DependencyGraph g = DependencyGraph.of(Map.of("a", List.of("b", "ghost"), "b", List.of()));
    assertThat(g.missingTargets()).containsExactly("ghost");
  }

  @Test
  void withTheHierarchyAChildDependingOnItsAncestorIsACycle() {
    List<WorkItem> items =
        List.of(
            item("E", WorkItemType.EPIC, null),
            item("F", WorkItemType.FEATURE, "E"),
            task("T", "F", Status.NOT_STARTED).toBuilder().dependencies(List.of("E")).build());
    assertThat(DependencyGraph.withHierarchy(items).cycles())
        .containsExactly(List.of("E", "F", "T", "E"));
    List<WorkItem> tree =
        List.of(
            item("E", WorkItemType.EPIC, null),
            item("F", WorkItemType.FEATURE, "E"),
            task("T", "F", Status.NOT_STARTED));
    // A parent may wait for its descendant; the descendant may not wait for it.
    assertThat(DependencyGraph.withHierarchy(tree).cycleIfAdded("E", "T")).isEmpty();
    assertThat(DependencyGraph.withHierarchy(tree).cycleIfAdded("T", "E"))
        .contains(List.of("T", "E", "F", "T"));
  }
}
