package dev.jive.weaviate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.SourceException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WeaviateHttpTest {
  @Test
  void aRefusedConnectionSaysSoAndNamesTheUrlInsteadOfNull() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    String url = "http://127.0.0.1:" + port;
    WeaviateHttp http = new WeaviateHttp(url, null, 1, Duration.ZERO, ms -> {});
    assertThatThrownBy(() -> http.get("/v1/meta", "reading the server's version"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot reach " + url + ": connection refused")
        .hasMessageNotContaining("null");
  }
}
