package dev.jive.lancedb.embedding;

import dev.jive.core.InvalidInputException;
import dev.jive.core.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a model's files where ONNX Runtime can read them. Bundled models are copied once out of
 * their jar into a cache folder ({@code JIVE_MODEL_CACHE}, else {@code ~/.cache/jive/models}); the
 * copy is written to a temporary name and renamed, so a crash or a second process never leaves a
 * half-written model behind.
 */
final class ModelFiles {
  static final String CACHE_ENV = "JIVE_MODEL_CACHE";
  static final String CACHE_PROPERTY = "jive.model.cache";

  private ModelFiles() {}

  /** The ONNX file of a model, copied out of its jar first when bundled. */
  static Path onnxFile(ModelSpec spec) {
    if (spec.source() instanceof ModelSpec.Folder folder) {
      return folder.directory().resolve(LocalModelReader.MODEL_FILE);
    }
    ModelSpec.Bundled bundled = (ModelSpec.Bundled) spec.source();
    URL url = resource(bundled.onnxResource(), spec, bundled);
    try {
      URLConnection connection = url.openConnection();
      long size = connection.getContentLengthLong();
      Path dir = cacheRoot().resolve(spec.name()).resolve(String.valueOf(size));
      Path target = dir.resolve(LocalModelReader.MODEL_FILE);
      if (Files.isRegularFile(target) && Files.size(target) == size) {
        return target;
      }
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "model", ".part");
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.size(temp) != size) {
        Files.deleteIfExists(temp);
        throw new StorageException("copy of " + bundled.onnxResource() + " came out short");
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new StorageException(
          "cannot copy model " + spec.name() + " into " + cacheRoot() + ": " + e.getMessage(), e);
    }
  }

  /** The tokenizer definition of a model, as a stream the caller closes. */
  static InputStream tokenizer(ModelSpec spec) {
    try {
      if (spec.source() instanceof ModelSpec.Folder folder) {
        return Files.newInputStream(folder.directory().resolve(LocalModelReader.TOKENIZER_FILE));
      }
      ModelSpec.Bundled bundled = (ModelSpec.Bundled) spec.source();
      return resource(bundled.tokenizerResource(), spec, bundled).openStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + spec.name(), e);
    }
  }

  /** Whether a bundled model's files are on the class path. */
  static boolean available(ModelSpec spec) {
    return !(spec.source() instanceof ModelSpec.Bundled b)
        || (loader().getResource(b.onnxResource()) != null
            && loader().getResource(b.tokenizerResource()) != null);
  }

  private static URL resource(String name, ModelSpec spec, ModelSpec.Bundled bundled) {
    URL url = loader().getResource(name);
    if (url == null) {
      throw new InvalidInputException(
          "embedding_model",
          "model "
              + spec.name()
              + " is not installed: its files come from the Maven artifact "
              + bundled.artifact()
              + ", which this build does not include (build with -Pextra-models, or give a model"
              + " folder)");
    }
    return url;
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ModelFiles.class.getClassLoader();
  }

  static Path cacheRoot() {
    String configured = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "jive", "models");
  }
}
