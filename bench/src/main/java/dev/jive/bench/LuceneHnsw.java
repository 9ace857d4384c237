package dev.jive.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The peer: Apache Lucene's HNSW vector index with its default graph settings (the codec's
 * defaults: 16 connections per node, beam width 100), on disk like ours. The writer gets a RAM
 * buffer large enough to flush one segment and is merged to one, so a query walks one graph as a
 * served index would. Vectors are unit length, so the similarity is dot product (Lucene's advice
 * for normalised vectors; it ranks as cosine does). Documents are added in order, so a hit's doc id
 * is the vector's position.
 */
final class LuceneHnsw implements AutoCloseable {
  private static final String FIELD = "vector";
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  final double buildSeconds;

  private LuceneHnsw(Directory directory, double buildSeconds) throws IOException {
    this.directory = directory;
    this.reader = DirectoryReader.open(directory);
    if (reader.leaves().size() != 1) {
      throw new IllegalStateException("expected one segment, found " + reader.leaves().size());
    }
    this.searcher = new IndexSearcher(reader);
    this.buildSeconds = buildSeconds;
  }

  static LuceneHnsw build(Path folder, List<float[]> vectors) throws IOException {
    Directory directory = FSDirectory.open(folder);
    long start = System.nanoTime();
    IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(512);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (float[] v : vectors) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.DOT_PRODUCT));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
    }
    return new LuceneHnsw(directory, (System.nanoTime() - start) / 1e9);
  }

  /** Positions of the {@code k} nearest vectors, nearest first. */
  int[] search(float[] query, int k) throws IOException {
    TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, query, k), k);
    int[] out = new int[top.scoreDocs.length];
    int i = 0;
    for (ScoreDoc d : top.scoreDocs) {
      out[i++] = d.doc;
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    directory.close();
  }
}
