/**
 * Built-in embeddings: sentence-transformers models run offline through DJL's ONNX Runtime engine
 * and Hugging Face tokenizer. Start at {@link dev.jive.lancedb.embedding.SentenceEmbedders}; {@link
 * dev.jive.lancedb.embedding.ModelCatalog} names the models on Maven Central and reads local model
 * folders.
 */
package dev.jive.lancedb.embedding;
