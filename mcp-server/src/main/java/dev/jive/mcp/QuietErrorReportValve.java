package dev.jive.mcp;

import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page without the report (which can hold a stack trace) or the server version.
 * Public only because Tomcat creates it by class name.
 */
public final class QuietErrorReportValve extends ErrorReportValve {
  public QuietErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }
}
