/**
 * The tables that are not work items: the execution log ({@link
 * dev.jive.lancedb.records.ExecutionLogs}), architecture and troubleshooting memories ({@link
 * dev.jive.lancedb.records.Memories}) and rows of any table as maps ({@link
 * dev.jive.lancedb.records.GenericRows}, which the generic migration profile writes).
 */
package dev.jive.lancedb.records;
