package dev.jive.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFilterRendererTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "O'Brien | 'O''Brien'",
        "'' | ''''''",
        "it's 100% done | 'it''s 100% done'",
        "snake_case_name | 'snake_case_name'",
        "C:\\path\\to\\file | 'C:\\path\\to\\file'",
        "trailing backslash\\ | 'trailing backslash\\'",
        "x' OR '1'='1 | 'x'' OR ''1''=''1'",
        "'; DROP TABLE WorkItem; -- | '''; DROP TABLE WorkItem; --'",
        "SELECT * FROM t WHERE a IS NULL | 'SELECT * FROM t WHERE a IS NULL'",
        "日本語のタスク | '日本語のタスク'",
        "\"double quotes\" and `backticks` | '\"double quotes\" and `backticks`'"
      })
  void stringValuesBecomeOneLiteralHoldingExactlyTheValue(String value, String literal) {
    assertThat(SqlFilterRenderer.render(Filter.eq("title", value)))
        .isEqualTo("`title` = " + literal);
  }

  @Test
  void charactersOutsideTheBmpBecomeChrCallsSoJniCannotMangleThem() {
    assertThat(SqlFilterRenderer.render(Filter.eq("title", "日本語のタスク 🚀")))
        .isEqualTo("`title` = ('日本語のタスク ' || chr(128640))");
    assertThat(SqlFilterRenderer.render(Filter.eq("title", "🚀 it's")))
        .isEqualTo("`title` = (chr(128640) || ' it''s')");
    assertThat(SqlFilterRenderer.stringLiteral("a😀😀b"))
        .isEqualTo("('a' || chr(128512) || chr(128512) || 'b')");
  }

  @Test
  void everyQuoteIsDoubledSoTheLiteralCannotBeClosedEarly() {
    String hostile = "a'b''c'''";
    String rendered = SqlFilterRenderer.stringLiteral(hostile);
    // Strip the outer quotes: what remains must hold only doubled quotes.
    String body = rendered.substring(1, rendered.length() - 1);
    assertThat(body.replace("''", "")).doesNotContain("'");
    assertThat(body.replace("''", "'")).isEqualTo(hostile);
  }

  @Test
  void substringSearchUsesStrposSoPercentAndUnderscoreAreLiteral() {
    assertThat(
            SqlFilterRenderer.render(
                new Filter.Condition("title", Operator.CONTAINS_TEXT, List.of("50%_off"))))
        .isEqualTo("strpos(`title`, '50%_off') > 0")
        .doesNotContainIgnoringCase("LIKE");
  }

  @Test
  void everyOperatorRendersWithQuotedIdentifiers() {
    Instant t = Instant.parse("2026-03-04T05:06:07.123456Z");
    assertThat(SqlFilterRenderer.render(Filter.compare("progress", Operator.GE, 50)))
        .isEqualTo("`progress` >= 50");
    assertThat(SqlFilterRenderer.render(Filter.compare("created_at", Operator.GT, t)))
        .isEqualTo("`created_at` > TIMESTAMP '2026-03-04 05:06:07.123456'");
    assertThat(
            SqlFilterRenderer.render(
                Filter.in("status", List.of(Status.BLOCKED, Status.COMPLETED))))
        .isEqualTo("`status` IN ('blocked', 'completed')");
    assertThat(
            SqlFilterRenderer.render(new Filter.Condition("status", Operator.NOT_IN, List.of("x"))))
        .isEqualTo("`status` NOT IN ('x')");
    assertThat(SqlFilterRenderer.render(Filter.hasAny("tags", List.of("a'b", "c"))))
        .isEqualTo("array_has_any(`tags`, make_array('a''b', 'c'))");
    assertThat(
            SqlFilterRenderer.render(new Filter.Condition("tags", Operator.HAS_ALL, List.of("x"))))
        .isEqualTo("array_has_all(`tags`, make_array('x'))");
    assertThat(SqlFilterRenderer.render(Filter.isNull("parent_id")))
        .isEqualTo("`parent_id` IS NULL");
    assertThat(
            SqlFilterRenderer.render(
                new Filter.Condition("parent_id", Operator.IS_NOT_NULL, List.of())))
        .isEqualTo("`parent_id` IS NOT NULL");
    assertThat(SqlFilterRenderer.render(Filter.eq("executable", true)))
        .isEqualTo("`executable` = true");
    assertThat(SqlFilterRenderer.render(new Filter.Condition("score", Operator.LT, List.of(0.5))))
        .isEqualTo("`score` < 0.5");
    assertThat(SqlFilterRenderer.render(new Filter.Condition("a", Operator.NE, List.of(3L))))
        .isEqualTo("`a` <> 3");
    assertThat(SqlFilterRenderer.render(new Filter.Condition("a", Operator.LE, List.of(2.5f))))
        .isEqualTo("`a` <= 2.5");
  }

  @Test
  void combinatorsNestWithParentheses() {
    Filter f =
        Filter.and(
            Filter.eq("item_type", "task"),
            Filter.or(Filter.eq("status", "blocked"), Filter.not(Filter.isNull("assignee"))));
    assertThat(SqlFilterRenderer.render(f))
        .isEqualTo("(`item_type` = 'task' AND (`status` = 'blocked' OR (NOT `assignee` IS NULL)))");
    assertThat(SqlFilterRenderer.render(Filter.matchAll())).isEqualTo("true");
    assertThat(SqlFilterRenderer.render(new Filter.Any(List.of()))).isEqualTo("false");
    assertThat(Filter.matchAll().isMatchAll()).isTrue();
    assertThat(Filter.and(Filter.matchAll()).isMatchAll()).isTrue();
    assertThat(f.isMatchAll()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"title; DROP", "a b", "`x`", "1abc", "", "a-b", "tít"})
  void fieldNamesOutsideLettersDigitsUnderscoreAreRefused(String field) {
    assertThatThrownBy(() -> Filter.eq(field, "v"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("filters"));
  }

  @Test
  void wrongNumberOfValuesAndUnsupportedTypesAreRefused() {
    assertThatThrownBy(() -> new Filter.Condition("a", Operator.EQ, List.of("x", "y")))
        .hasMessageContaining("filters.a")
        .hasMessageContaining("takes 1 value(s), got 2");
    assertThatThrownBy(() -> new Filter.Condition("a", Operator.IN, List.of()))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Filter.Condition("a", Operator.EQ, List.of(new Object())))
        .hasMessageContaining("unsupported value type Object");
    assertThatThrownBy(() -> new Filter.Condition("a", Operator.EQ, List.of(Double.NaN)))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> SqlFilterRenderer.render(Filter.eq("a", "nul\0byte")))
        .hasMessageContaining("NUL");
    assertThatThrownBy(
            () ->
                SqlFilterRenderer.render(
                    new Filter.Condition("a", Operator.CONTAINS_TEXT, List.of(3))))
        .hasMessageContaining("needs a text value");
  }
}
