package dev.jive.lancedb.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jive.core.InvalidInputException;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.embedding.EmbeddingTexts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "all-MiniLM-L6-v2, all-MiniLM-L6-v2, 384, MEAN",
    "sentence-transformers/all-MiniLM-L6-v2, all-MiniLM-L6-v2, 384, MEAN",
    "ALL-MINILM-L6-V2, all-MiniLM-L6-v2, 384, MEAN",
    "all_minilm_l6_v2, all-MiniLM-L6-v2, 384, MEAN",
    "all-MiniLM-L6-v2-q, all-MiniLM-L6-v2-q, 384, MEAN",
    "BAAI/bge-small-en-v1.5, bge-small-en-v1.5, 384, CLS",
    "bge-small-en-v15, bge-small-en-v1.5, 384, CLS",
    "intfloat/e5-small-v2, e5-small-v2, 384, MEAN",
    "BAAI/bge-small-zh-v1.5, bge-small-zh-v1.5, 512, CLS"
  })
  void catalogueAcceptsNamesAsUsersWriteThem(
      String written, String name, int dimension, Pooling pooling) {
    ModelSpec spec = ModelCatalog.resolve(written);
    assertThat(spec.name()).isEqualTo(name);
    assertThat(spec.dimension()).isEqualTo(dimension);
    assertThat(spec.pooling()).isEqualTo(pooling);
    assertThat(SentenceEmbedders.isInstalled(spec)).isTrue();
  }

  @Test
  void miniLmTruncatesAt256Tokens() {
    assertThat(ModelCatalog.resolve("all-MiniLM-L6-v2").maxLength()).isEqualTo(256);
  }

  @Test
  void unknownNameListsTheCatalogue() {
    assertThatThrownBy(() -> ModelCatalog.resolve("gpt-embedder-9000"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("embedding_model"))
        .hasMessageContaining("unknown model 'gpt-embedder-9000'")
        .hasMessageContaining("all-MiniLM-L6-v2, all-MiniLM-L6-v2-q");
  }

  @Test
  void folderModelWithSentenceTransformersFilesEmbedsLikeTheCatalogueModel() throws IOException {
    Path model = folderWithInt8MiniLm();
    Files.writeString(
        model.resolve("config.json"), "{\"hidden_size\": 384, \"max_position_embeddings\": 512}");
    Files.writeString(model.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
    Files.writeString(
        model.resolve("modules.json"),
        "[{\"idx\":0,\"name\":\"0\",\"path\":\"\",\"type\":\"sentence_transformers.models.Transformer\"},"
            + "{\"idx\":1,\"name\":\"1\",\"path\":\"1_Pooling\",\"type\":\"sentence_transformers.models.Pooling\"}]");
    Files.createDirectories(model.resolve("1_Pooling"));
    Files.writeString(
        model.resolve("1_Pooling/config.json"),
        "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": false,"
            + " \"pooling_mode_mean_tokens\": true}");

    ModelSpec spec = ModelCatalog.resolve(model.toString());
    assertThat(spec.dimension()).isEqualTo(384);
    assertThat(spec.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(spec.maxLength()).isEqualTo(256);
    try (Embedder local = SentenceEmbedders.load(model.toString());
        Embedder bundled = SentenceEmbedders.load("all-MiniLM-L6-v2-q")) {
      String text = "Implement user authentication";
      assertThat(EmbeddingTexts.cosine(local.embed(text), bundled.embed(text)))
          .isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void folderWithoutConfigFilesNeedsExplicitSettings() throws IOException {
    Path model = folderWithInt8MiniLm();
    assertThatThrownBy(() -> ModelCatalog.resolve(model.toString()))
        .hasMessageContaining("does not say its dimension")
        .hasMessageContaining("give it explicitly");
    ModelSpec spec =
        ModelCatalog.resolve(model.toString(), new LocalModelOptions(Pooling.MEAN, 384, 128));
    assertThat(spec.maxLength()).isEqualTo(128);
  }

  @Test
  void wrongExplicitDimensionIsCaughtWhenTheModelLoads() throws IOException {
    Path model = folderWithInt8MiniLm();
    ModelSpec spec =
        ModelCatalog.resolve(model.toString(), new LocalModelOptions(Pooling.MEAN, 512, 128));
    assertThatThrownBy(() -> SentenceEmbedders.load(spec, EmbedderOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outputs vectors of dimension 384 but its configuration says 512");
  }

  @Test
  void missingModelOrTokenizerFileIsNamed() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelCatalog.resolve(empty.toString()))
        .hasMessageContaining("missing file " + empty.resolve("model.onnx"));
    Files.writeString(empty.resolve("model.onnx"), "not really");
    assertThatThrownBy(() -> ModelCatalog.resolve(empty.toString()))
        .hasMessageContaining("missing file " + empty.resolve("tokenizer.json"));
  }

  @Test
  void corruptOnnxFileIsAClearError() throws IOException {
    Path model = folderWithInt8MiniLm();
    Files.writeString(model.resolve("model.onnx"), "this is not an onnx graph");
    ModelSpec spec =
        ModelCatalog.resolve(model.toString(), new LocalModelOptions(Pooling.MEAN, 384, 128));
    assertThatThrownBy(() -> SentenceEmbedders.load(spec, EmbedderOptions.defaults()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("embedding_model"))
        .hasMessageContaining(model.resolve("model.onnx") + " as an ONNX model");
  }

  @Test
  void inconsistentFilesNameTheFileThatDisagrees() throws IOException {
    Path model = folderWithInt8MiniLm();
    Files.writeString(model.resolve("config.json"), "{\"hidden_size\": 384}");
    Files.createDirectories(model.resolve("1_Pooling"));
    Path pooling = model.resolve("1_Pooling/config.json");
    Files.writeString(
        pooling, "{\"word_embedding_dimension\": 512, \"pooling_mode_mean_tokens\": true}");
    assertThatThrownBy(() -> ModelCatalog.resolve(model.toString()))
        .hasMessageContaining(pooling.toString())
        .hasMessageContaining(
            "word_embedding_dimension 512 disagrees with config.json hidden_size 384");

    Files.writeString(
        pooling, "{\"word_embedding_dimension\": 384, \"pooling_mode_mean_tokens\": true}");
    Files.writeString(model.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
    assertThatThrownBy(
            () -> ModelCatalog.resolve(model.toString(), new LocalModelOptions(null, 768, null)))
        .hasMessageContaining(model.resolve("config.json").toString())
        .hasMessageContaining("dimension 384 disagrees with the explicit setting 768");

    Files.writeString(
        pooling, "{\"pooling_mode_mean_tokens\": true, \"pooling_mode_cls_token\": true}");
    assertThatThrownBy(() -> ModelCatalog.resolve(model.toString()))
        .hasMessageContaining(pooling.toString())
        .hasMessageContaining("exactly one of");

    Files.writeString(model.resolve("config.json"), "{not json");
    assertThatThrownBy(() -> ModelCatalog.resolve(model.toString()))
        .hasMessageContaining(model.resolve("config.json") + ": cannot be read as JSON");

    Files.writeString(model.resolve("config.json"), "{\"hidden_size\": \"wide\"}");
    assertThatThrownBy(() -> ModelCatalog.resolve(model.toString()))
        .hasMessageContaining("hidden_size is not a whole number");
  }

  private Path folderWithInt8MiniLm() throws IOException {
    Path model = Files.createDirectories(dir.resolve("my-model"));
    copy("all-minilm-l6-v2-q.onnx", model.resolve("model.onnx"));
    copy("all-minilm-l6-v2-q-tokenizer.json", model.resolve("tokenizer.json"));
    return model;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = ModelCatalogTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
  }
}
