package dev.sightline.server.probe;

import com.sun.net.httpserver.HttpServer;
import dev.sightline.instrument.health.CheckDefinition;
import dev.sightline.instrument.health.HealthCheck;
import dev.sightline.instrument.health.HealthRegistry;
import dev.sightline.instrument.health.httpserver.HealthHttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service's health endpoints as the kit serves them ({@code /health/live}, {@code /health/ready}), with
 * a critical readiness check on a "database" the test takes down, plus {@code /hang}, which answers only
 * once the test releases it, for timeouts and overlapping probes, and {@code /big}, a 1 MiB 503.
 */
final class HealthEndpoint implements AutoCloseable {
  final AtomicBoolean databaseUp = new AtomicBoolean(true);
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger hanging = new AtomicInteger();
  final AtomicInteger maxHanging = new AtomicInteger();
  private final HealthRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  HealthEndpoint() throws IOException {
    registry = HealthRegistry.builder().defaultCacheFor(Duration.ZERO)
        .register(CheckDefinition.builder("warehouse-db",
            HealthCheck.of(databaseUp::get, "warehouse database unreachable")).critical(true).build())
        .build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HealthHttpHandler.register(server, registry);
    server.createContext("/hang", exchange -> {
      try (exchange) {
        maxHanging.accumulateAndGet(hanging.incrementAndGet(), Math::max);
        release.await();
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        hanging.decrementAndGet();
      }
    });
    // A hostile 503: a megabyte of text that is not the kit's JSON.
    server.createContext("/big", exchange -> {
      try (exchange) {
        byte[] body = "x".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
    registry.close();
  }
}
