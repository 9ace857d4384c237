package dev.jive.core.search;

/** The comparisons a {@link Filter.Condition} can make. */
public enum Operator {
  /** Equal to the one value. */
  EQ(1, 1),
  /** Not equal to the one value (rows where the field is null do not match). */
  NE(1, 1),
  /** Equal to one of the values. */
  IN(1, Integer.MAX_VALUE),
  /** Equal to none of the values. */
  NOT_IN(1, Integer.MAX_VALUE),
  LT(1, 1),
  LE(1, 1),
  GT(1, 1),
  GE(1, 1),
  /** A text field contains the one value as a literal substring (no wildcards). */
  CONTAINS_TEXT(1, 1),
  /** A list field holds at least one of the values. */
  HAS_ANY(1, Integer.MAX_VALUE),
  /** A list field holds every one of the values. */
  HAS_ALL(1, Integer.MAX_VALUE),
  IS_NULL(0, 0),
  IS_NOT_NULL(0, 0);

  private final int minValues;
  private final int maxValues;

  Operator(int minValues, int maxValues) {
    this.minValues = minValues;
    this.maxValues = maxValues;
  }

  int minValues() {
    return minValues;
  }

  int maxValues() {
    return maxValues;
  }
}
