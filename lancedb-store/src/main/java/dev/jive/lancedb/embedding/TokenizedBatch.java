package dev.jive.lancedb.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One batch of texts as the model sees them: token ids, attention mask and type ids, each padded to
 * the batch's longest text ({@code size} rows of {@code length}, row-major).
 */
public record TokenizedBatch(int size, int length, long[] ids, long[] mask, long[] typeIds) {

  static TokenizedBatch of(Encoding[] encodings) {
    int length = 0;
    for (Encoding e : encodings) {
      length = Math.max(length, e.getIds().length);
    }
    int n = encodings.length;
    long[] ids = new long[n * length];
    long[] mask = new long[n * length];
    long[] types = new long[n * length];
    for (int b = 0; b < n; b++) {
      Encoding e = encodings[b];
      System.arraycopy(e.getIds(), 0, ids, b * length, e.getIds().length);
      System.arraycopy(e.getAttentionMask(), 0, mask, b * length, e.getAttentionMask().length);
      System.arraycopy(e.getTypeIds(), 0, types, b * length, e.getTypeIds().length);
    }
    return new TokenizedBatch(n, length, ids, mask, types);
  }

  /** The texts sorted by length and cut into batches, tokenised as the pipeline does. */
  static List<TokenizedBatch> of(ModelSpec spec, List<String> texts, int batchSize) {
    List<String> sorted = new ArrayList<>(texts);
    sorted.sort(Comparator.comparingInt(String::length));
    List<TokenizedBatch> batches = new ArrayList<>();
    try (var tokenizer = OnnxSentenceEmbedder.tokenizer(spec)) {
      for (int from = 0; from < sorted.size(); from += batchSize) {
        List<String> chunk = sorted.subList(from, Math.min(sorted.size(), from + batchSize));
        batches.add(of(tokenizer.batchEncode(chunk.toArray(new String[0]))));
      }
    }
    return batches;
  }
}
