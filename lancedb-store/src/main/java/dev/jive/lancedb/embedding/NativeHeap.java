package dev.jive.lancedb.embedding;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Gives the C heap's free pages back to the system after a large batch of embeddings, or after the
 * store has loaded its indexes and caches. With ONNX Runtime's arena off, its tensors come from
 * malloc, and glibc keeps what a batch freed: 1,000 texts left 80 to 105 MB resident that {@code
 * malloc_trim(0)} returned in 7 to 10 ms (against 3.7 s of embedding); loading 100,000 rows and
 * their vectors into the row cache left 10 to 34 MB. Only glibc has it; elsewhere this does
 * nothing.
 */
public final class NativeHeap {
  private static final Function MALLOC_TRIM = find();

  private NativeHeap() {}

  /** Whether this process's C library can trim (glibc). */
  public static boolean available() {
    return MALLOC_TRIM != null;
  }

  /** Returns the C heap's free pages to the system (glibc's {@code malloc_trim(0)}). */
  public static void trim() {
    if (MALLOC_TRIM != null) {
      try {
        MALLOC_TRIM.invokeInt(new Object[] {0L});
      } catch (RuntimeException | LinkageError e) {
        // Nothing was lost: the memory stays with the process, as it would without the call.
      }
    }
  }

  private static Function find() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return NativeLibrary.getInstance("c").getFunction("malloc_trim");
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
