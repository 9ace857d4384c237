package dev.jive.core.rules;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItemType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which work-item type may parent which: initiative -> epic | task; epic -> feature | story | task;
 * feature -> story | task; story -> task; task -> none. Any type may stand at the root.
 */
public final class HierarchyRules {
  private static final Map<WorkItemType, Set<WorkItemType>> CHILDREN =
      new EnumMap<>(WorkItemType.class);

  static {
    CHILDREN.put(WorkItemType.INITIATIVE, EnumSet.of(WorkItemType.EPIC, WorkItemType.TASK));
    CHILDREN.put(
        WorkItemType.EPIC, EnumSet.of(WorkItemType.FEATURE, WorkItemType.STORY, WorkItemType.TASK));
    CHILDREN.put(WorkItemType.FEATURE, EnumSet.of(WorkItemType.STORY, WorkItemType.TASK));
    CHILDREN.put(WorkItemType.STORY, EnumSet.of(WorkItemType.TASK));
    CHILDREN.put(WorkItemType.TASK, EnumSet.noneOf(WorkItemType.class));
  }

  private HierarchyRules() {}

  /** The types a work item of {@code parent} type may hold as direct children. */
  public static Set<WorkItemType> allowedChildren(WorkItemType parent) {
    return Set.copyOf(CHILDREN.get(parent));
  }

  public static boolean canParent(WorkItemType parent, WorkItemType child) {
    return CHILDREN.get(parent).contains(child);
  }

  /**
   * Refuses a parent/child pair the hierarchy forbids.
   *
   * @throws InvalidInputException naming {@code parent_id}, both types and what is allowed
   */
  public static void requireCanParent(WorkItemType parent, WorkItemType child) {
    if (canParent(parent, child)) {
      return;
    }
    Set<WorkItemType> allowed = CHILDREN.get(parent);
    String allowedText =
        allowed.isEmpty()
            ? "a " + parent + " cannot have children"
            : "a " + parent + " may only hold " + join(allowed);
    throw new InvalidInputException(
        "parent_id", "a " + child + " cannot be placed under a " + parent + "; " + allowedText);
  }

  private static String join(Set<WorkItemType> types) {
    return types.stream().map(WorkItemType::wireName).collect(Collectors.joining(", "));
  }
}
