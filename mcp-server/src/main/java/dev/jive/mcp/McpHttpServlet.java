package dev.jive.mcp;

import dev.jive.core.JiveException;
import dev.jive.lancedb.LanceDBManager;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet in front of everything: {@code /health}, then the checks every MCP request passes
 * (Host and Origin against DNS rebinding, the bearer token when one is set, the body size), then
 * the namespace's endpoint. Whatever fails below it answers with a short JSON error, never a stack
 * trace.
 */
final class McpHttpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(McpHttpServlet.class);

  private final transient ServerSettings settings;
  private final transient McpEndpoints endpoints;
  private final transient ServerTransportSecurityValidator validator;
  private final transient Stores stores;

  McpHttpServlet(
      ServerSettings settings,
      Stores stores,
      McpEndpoints endpoints,
      ServerTransportSecurityValidator validator) {
    this.settings = settings;
    this.stores = stores;
    this.endpoints = endpoints;
    this.validator = validator;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    endpoints.init(config);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getRequestURI();
    try {
      if (!headersAllowed(req, resp)) {
        return;
      }
      if (path.equals("/health")) {
        health(req, resp);
        return;
      }
      String namespace;
      if (path.equals("/mcp") || path.equals("/mcp/")) {
        namespace = "";
      } else if (path.startsWith("/mcp/")) {
        namespace = path.substring(5);
        if (!Stores.NAMESPACE.matcher(namespace).matches()) {
          json(
              resp,
              404,
              Map.of(
                  "error", "no endpoint " + path + " (namespaces are letters, digits, _ and -)"));
          return;
        }
      } else {
        json(
            resp,
            404,
            Map.of("error", "no endpoint " + path + "; MCP is at /mcp, health at /health"));
        return;
      }
      if (!authorised(req)) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"mcp-jive\"");
        json(
            resp,
            401,
            Map.of("error", "a bearer token is required (Authorization: Bearer <JIVE_MCP_TOKEN>)"));
        return;
      }
      if (req.getContentLengthLong() > settings.maxBodyBytes()) {
        json(
            resp,
            413,
            Map.of(
                "error", "the request body is larger than " + settings.maxBodyBytes() + " bytes"));
        return;
      }
      JsonErrorResponse answer = new JsonErrorResponse(resp);
      endpoints.endpoint(namespace).transport().service(req, answer);
      answer.finish();
    } catch (JiveException e) {
      fail(resp, 400, e.getMessage());
    } catch (RuntimeException | ServletException e) {
      LOG.error("{} {} failed", req.getMethod(), path, e);
      fail(resp, 500, "internal error; the server log has the details");
    }
  }

  private boolean headersAllowed(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name, Collections.list(req.getHeaders(name)));
    }
    try {
      validator.validateHeaders(headers);
      return true;
    } catch (ServerTransportSecurityException e) {
      json(resp, e.getStatusCode(), Map.of("error", e.getMessage()));
      return false;
    }
  }

  private boolean authorised(HttpServletRequest req) {
    if (!settings.requiresToken()) {
      return true;
    }
    String header = req.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, settings.token().getBytes(StandardCharsets.UTF_8));
  }

  private void health(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!req.getMethod().equals("GET")) {
      json(resp, 405, Map.of("error", "use GET"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("server", Servers.NAME);
    body.put("version", Servers.VERSION);
    body.put("embedding_model", stores.modelIfOpen() == null ? "loading" : stores.modelIfOpen());
    body.put("endpoints_open", endpoints.count());
    body.put("namespace_stores_open", stores.openNamespaces());
    body.put("row_directory_mb", new java.util.TreeMap<>(LanceDBManager.rowDirectoryMb()));
    json(resp, 200, body);
  }

  private static void fail(HttpServletResponse resp, int status, String message)
      throws IOException {
    if (!resp.isCommitted()) {
      resp.reset();
      json(resp, status, Map.of("error", message));
    }
  }

  static void json(HttpServletResponse resp, int status, Map<String, ?> body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(dev.jive.mcp.JsonText.of(body));
    resp.getWriter().flush();
  }
}
