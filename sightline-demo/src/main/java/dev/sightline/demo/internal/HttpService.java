package dev.sightline.demo.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.instrument.health.HealthRegistry;
import dev.sightline.instrument.health.httpserver.HealthHttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The few lines every demo service shares: a JDK HttpServer on {@code -Ddemo.port}, the kit's health
 * endpoints, replies and query parameters. The OpenTelemetry agent instruments this server, so each
 * request is a SERVER span and the agent puts its ids into the logging MDC.
 */
public final class HttpService {
  private final HttpServer server;

  private HttpService(HttpServer server) {
    this.server = server;
  }

  /** A server on {@code -Ddemo.port} (else {@code defaultPort}) with /health/* from {@code health}. */
  public static HttpService create(int defaultPort, HealthRegistry health) throws IOException {
    ParentWatch.exitWithParent();
    int port = Integer.getInteger("demo.port", defaultPort);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.setExecutor(Executors.newFixedThreadPool(32)); // platform threads: a 9 s stall holds one of them
    HealthHttpHandler.register(server, health);
    return new HttpService(server);
  }

  public HttpService route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  public void start() {
    server.start();
  }

  /** A downstream service's base URL from {@code -Ddemo.<name>.url}. */
  public static URI downstream(String name, String defaultUrl) {
    return URI.create(System.getProperty("demo." + name + ".url", defaultUrl));
  }

  public static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new HashMap<>();
    String q = exchange.getRequestURI().getRawQuery();
    if (q == null) {
      return params;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return params;
  }
}
