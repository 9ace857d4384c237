/**
 * The rules of the work-item domain as pure functions, with no storage: {@link
 * dev.jive.core.rules.HierarchyRules} (which type may parent which), {@link
 * dev.jive.core.rules.WorkItemValidation} (field limits), {@link
 * dev.jive.core.rules.DependencyGraph} (cycles), {@link dev.jive.core.rules.ProgressRollup}, {@link
 * dev.jive.core.rules.SequenceNumbers} and {@link dev.jive.core.rules.ReferenceResolver}. A store
 * loads the items it needs and calls these; every rule is tested here, once.
 */
package dev.jive.core.rules;
