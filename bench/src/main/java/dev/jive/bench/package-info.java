/**
 * The benchmark suites behind {@code jive-migrate bench}: each measures our figure and, in the same
 * run, the baseline it is judged against (a bare ONNX Runtime session, the source's own read
 * ceiling, exact search and Apache Lucene's HNSW index, the store without the MCP layer). Start
 * with {@link dev.jive.cli.bench.Benchmarks}; every suite returns exactly the JSON keys
 * docs/performance.md lists, and prints what else it saw.
 */
package dev.jive.cli.bench;
