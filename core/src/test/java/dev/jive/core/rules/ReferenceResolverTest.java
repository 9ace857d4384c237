package dev.jive.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.TestItems;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceResolverTest {
  private static final String UUID_A = "0b5f3a3e-7c1d-4c1e-9d0a-3f6a1b2c3d4e";

  private static WorkItem item(String id, String title, String description, int minutes) {
    return WorkItem.builder()
        .id(id)
        .title(title)
        .description(description)
        .itemType(WorkItemType.TASK)
        .createdAt(TestItems.T0)
        .updatedAt(TestItems.T0.plusSeconds(60L * minutes))
        .build();
  }

  private final List<WorkItem> items =
      List.of(
          item(UUID_A, "Implement user authentication", "OAuth login with tokens", 1),
          item("b", "Write docs", "Document the login page and authentication flow", 2),
          item("c", "Fix build", "CI is red", 3),
          item("d", "Fix build", "again", 9));

  @Test
  void uuidResolvesById() {
    assertThat(ReferenceResolver.resolve(UUID_A.toUpperCase(), items))
        .isInstanceOfSatisfying(
            Resolution.ById.class, r -> assertThat(r.item().id()).isEqualTo(UUID_A));
  }

  @Test
  void unknownUuidIsNotReadAsKeywords() {
    assertThat(ReferenceResolver.resolve("11111111-2222-3333-4444-555555555555", items))
        .isInstanceOf(Resolution.Unresolved.class);
  }

  @Test
  void exactTitleResolvesToTheMostRecentlyUpdated() {
    assertThat(ReferenceResolver.resolve("Fix build", items))
        .isInstanceOfSatisfying(
            Resolution.ByTitle.class,
            r -> {
              assertThat(r.item().id()).isEqualTo("d");
              assertThat(r.candidates()).isEqualTo(2);
            });
    assertThat(ReferenceResolver.resolve("fix BUILD", items))
        .isInstanceOfSatisfying(
            Resolution.ByTitle.class, r -> assertThat(r.item().id()).isEqualTo("d"));
  }

  @Test
  void keywordsWeighTitleHitsAboveDescriptionHits() {
    // "authentication" is in A's title (3) and B's description (1); "login" in both descriptions.
    assertThat(ReferenceResolver.resolve("login authentication", items))
        .isInstanceOfSatisfying(
            Resolution.ByKeywords.class,
            r -> {
              assertThat(r.item().id()).isEqualTo(UUID_A);
              assertThat(r.score()).isEqualTo(4.0);
            });
  }

  @Test
  void noMatchIsUnresolvedWithAReason() {
    assertThat(ReferenceResolver.resolve("kubernetes", items))
        .isInstanceOfSatisfying(
            Resolution.Unresolved.class, r -> assertThat(r.reason()).contains("kubernetes"));
    assertThat(ReferenceResolver.resolve("the of a", items))
        .isInstanceOf(Resolution.Unresolved.class);
  }

  @Test
  void blankReferenceIsInvalidInput() {
    assertThatThrownBy(() -> ReferenceResolver.resolve("  ", items))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("work_item_id"));
  }
}
