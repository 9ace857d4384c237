package dev.jive.lancedb.embedding;

/**
 * Keeps DJL offline. Without these properties DJL probes a cloud metadata address and its model zoo
 * reaches for the network at start; users never have to set them.
 */
final class DjlRuntime {
  private DjlRuntime() {}

  static void ensureOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    // DJL would otherwise try to load PyTorch for NDArray operations ONNX Runtime lacks.
    setIfAbsent("ai.djl.onnx.disable_alternative", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
