package dev.jive.lancedb;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a local folder. */
class LocalStoreContractTest extends StoreContract {
  @TempDir Path dir;

  @Override
  Map<String, String> environment() {
    return Map.of("LANCEDB_DATA_PATH", dir.toString());
  }
}
