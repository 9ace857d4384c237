/**
 * A stand-in Weaviate for rehearsals, tests and benchmarks: {@link
 * dev.jive.weaviate.testserver.WeaviateTestServer} serves, on 127.0.0.1, the part of Weaviate's
 * REST API that the exporter and restorer use, with Weaviate's own behaviours and faults on demand.
 * It ships in the operators' jar so a migration can be rehearsed without a real server ({@code
 * scripts/weaviate-test-server}); it is not a database and keeps everything in memory.
 */
package dev.jive.weaviate.testserver;
