package dev.jive.lancedb.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
  @Test
  void glibcsTrimIsFoundAndCallingItIsHarmless() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    assumeThat(Files.exists(maps) && Files.readString(maps).contains("libc.so.6"))
        .as("a process linked with glibc")
        .isTrue();
    assertThat(NativeHeap.available()).isTrue();
    NativeHeap.trim();
    NativeHeap.trim();
  }
}
