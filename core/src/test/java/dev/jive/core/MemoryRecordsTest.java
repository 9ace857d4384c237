package dev.jive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryRecordsTest {

  @Test
  void troubleshootSearchTextIsUseCasesThenSolutions() {
    TroubleshootMemory m = troubleshoot(0, 0);
    assertThat(m.searchText()).isEqualTo("build fails OOM in tests raise heap");
  }

  @Test
  void successRateFavoursProvenSolutionsAndStartsNewOnesInTheMiddle() {
    assertThat(troubleshoot(0, 0).successRate()).isEqualTo(0.5);
    assertThat(troubleshoot(10, 9).successRate()).isGreaterThan(troubleshoot(10, 2).successRate());
  }

  @Test
  void moreSuccessesThanUsesIsRefused() {
    assertThatThrownBy(() -> troubleshoot(1, 2))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("success_count"));
  }

  @Test
  void negativeExecutionDurationIsRefused() {
    assertThatThrownBy(
            () ->
                new ExecutionLog(
                    "id", null, null, "run", "ok", null, null, null, -1, Instant.EPOCH, null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("duration_seconds"));
  }

  @Test
  void architectureMemoryEmbedsItsRequirements() {
    ArchitectureMemory m =
        new ArchitectureMemory(
            "id",
            "auth-design",
            "Auth",
            List.of("when adding login"),
            "Use OAuth 2 with PKCE",
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Instant.EPOCH,
            Instant.EPOCH,
            null);
    assertThat(m.embeddingText()).isEqualTo("Use OAuth 2 with PKCE");
    assertThat(m.metadata()).isEqualTo("{}");
  }

  private static TroubleshootMemory troubleshoot(int uses, int successes) {
    return new TroubleshootMemory(
        "id",
        "oom",
        "OOM",
        List.of("build fails", "OOM in tests"),
        "raise heap",
        null,
        null,
        List.of(),
        List.of(),
        uses,
        successes,
        Instant.EPOCH,
        Instant.EPOCH,
        null);
  }
}
