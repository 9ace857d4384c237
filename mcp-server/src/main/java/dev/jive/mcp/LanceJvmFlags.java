package dev.jive.mcp;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** The JVM flags Lance needs, as this JVM got them, for a child JVM that runs the server. */
final class LanceJvmFlags {
  private LanceJvmFlags() {}

  /** This JVM's flags for Lance; Java 17's one flag when it got none (a run from an IDE, say). */
  static List<String> inherited() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("--enable-native-access")
          || a.startsWith("--sun-misc")) {
        out.add(a);
      }
    }
    if (out.isEmpty()) {
      out.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    }
    return out;
  }
}
