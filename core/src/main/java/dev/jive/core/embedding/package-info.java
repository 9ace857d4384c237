/**
 * The embedding interface: {@link dev.jive.core.embedding.Embedder}, with the checks every
 * implementation shares in {@link dev.jive.core.embedding.EmbeddingTexts}. Real models live in
 * {@code jive-lancedb-store} ({@code dev.jive.lancedb.embedding}); {@link
 * dev.jive.core.embedding.DeterministicEmbedder} stands in for them in tests.
 */
package dev.jive.core.embedding;
