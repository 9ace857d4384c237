/**
 * Work items with their hierarchy, dependencies, ordering and progress roll-ups. Start at {@link
 * dev.jive.lancedb.workitems.WorkItemWrites} (each write and the roll-ups it causes as one Lance
 * transaction, planned in a {@link dev.jive.lancedb.workitems.WorkItemChanges}) and {@link
 * dev.jive.lancedb.workitems.WorkItemReads} (by id through the row directory, by reference, pages).
 */
package dev.jive.lancedb.workitems;
