/**
 * The benchmarks, {@code scripts/jive-bench} (also run as {@code scripts/jive-migrate bench}), kept
 * out of the modules users install, with Lucene, their search peer. {@link
 * dev.jive.bench.JiveBench} is the command line; each suite measures our figure and, in the same
 * run, the baseline it is judged against (a bare ONNX Runtime session, the source's own read
 * ceiling, exact search and Apache Lucene's HNSW index, the store without the MCP layer). Start
 * with {@link dev.jive.bench.Benchmarks}; every suite returns exactly the JSON keys
 * docs/performance.md lists, and prints what else it saw.
 */
package dev.jive.bench;
