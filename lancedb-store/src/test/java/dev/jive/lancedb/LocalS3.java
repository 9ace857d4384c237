package dev.jive.lancedb;

import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** An S3-compatible server in this JVM on 127.0.0.1 (s3proxy), holding its blobs in a folder. */
final class LocalS3 implements AutoCloseable {
  static final String BUCKET = "jive-bucket";
  private final S3Proxy proxy;

  private LocalS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  static LocalS3 start(Path blobs) throws Exception {
    BlobStore store = new FilesystemNio2BlobStore(blobs.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "jive-access", "jive-secret")
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    store.createContainer(BUCKET);
    return new LocalS3(proxy);
  }

  /** The way an operator would configure it: path and storage options from the environment. */
  DatabaseConfig config(String prefix) {
    return ConfigResolver.resolve(null, environment(prefix), Map.of());
  }

  /** The environment variables that point a store (or a process) at {@code prefix}. */
  Map<String, String> environment(String prefix) {
    return Map.of(
        "LANCEDB_DATA_PATH",
        "s3://" + BUCKET + "/" + prefix,
        "LANCEDB_STORAGE_OPTIONS_AWS_ACCESS_KEY_ID",
        "jive-access",
        "LANCEDB_STORAGE_OPTIONS_AWS_SECRET_ACCESS_KEY",
        "jive-secret",
        "LANCEDB_STORAGE_OPTIONS_AWS_REGION",
        "us-east-1",
        "LANCEDB_STORAGE_OPTIONS_AWS_ENDPOINT",
        "http://127.0.0.1:" + proxy.getPort(),
        "LANCEDB_STORAGE_OPTIONS_ALLOW_HTTP",
        "true");
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
