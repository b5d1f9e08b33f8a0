package dev.sightline.instrument.health.httpserver;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.instrument.health.HealthRegistry;
import dev.sightline.instrument.health.internal.ProbeResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Serves a {@link HealthRegistry} on the JDK's built-in {@link HttpServer} (module {@code jdk.httpserver}):
 * {@code GET /health/live}, {@code /health/ready} and {@code /health/started}, answering the report as
 * JSON with 200 (UP, DEGRADED) or 503 (DOWN).
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8081), 0);
 * HealthHttpHandler.register(server, health);
 * server.start();
 * }</pre>
 */
public final class HealthHttpHandler implements HttpHandler {
  /** The context path the handler is registered under by {@link #register}. */
  public static final String CONTEXT_PATH = "/health";

  private final HealthRegistry registry;

  private HealthHttpHandler(HealthRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public static HealthHttpHandler of(HealthRegistry registry) {
    return new HealthHttpHandler(registry);
  }

  /** Creates the {@code /health} context on {@code server}, served by a new handler for {@code registry}. */
  public static HttpContext register(HttpServer server, HealthRegistry registry) {
    return server.createContext(CONTEXT_PATH, of(registry));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String contextPath = exchange.getHttpContext().getPath();
      ProbeResponse response = ProbeResponse.answer(registry, exchange.getRequestMethod(),
          probeSegment(path, contextPath));
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (response.allow() != null) {
        exchange.getResponseHeaders().set("Allow", response.allow());
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  /** "ready" for "/health/ready" under context "/health"; null for anything else. */
  static String probeSegment(String path, String contextPath) {
    String prefix = contextPath.endsWith("/") ? contextPath : contextPath + "/";
    if (path == null || !path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest.isEmpty() || rest.indexOf('/') >= 0 ? null : rest;
  }
}
