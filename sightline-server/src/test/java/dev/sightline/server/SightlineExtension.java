package dev.sightline.server;

import dev.sightline.server.config.ConfigLoader;
import dev.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Sightline in-process on free loopback ports with its own data directory, for the
 * whole test class when registered on a static field (as Armeria's ServerExtension does), or for each
 * test when registered on an instance field, and offers a plain JDK HTTP client to it.
 */
public final class SightlineExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private final List<String> sets = new ArrayList<>();
  private SightlineServer server;
  private Path dataDir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The event store engine the build runs the integration tests on (unset: the default). */
  public static final String ENGINE_PROPERTY = "sightline.it.storage.engine";

  public SightlineExtension(String... sets) {
    this.sets.addAll(List.of(sets));
  }

  private boolean perTest;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (server == null) {
      perTest = true;
      beforeAll(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (perTest) {
      afterAll(context);
      server = null;
      dataDir = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("sightline-it");
    List<String> all = new ArrayList<>(List.of("server.host=127.0.0.1", "server.http_port=0",
        "server.otlp_grpc_port=0", "server.otlp_http_port=0", "server.zipkin_port=0",
        "storage.data_dir=" + dataDir, "storage.refresh_interval=100ms"));
    String engine = System.getProperty(ENGINE_PROPERTY);
    if (engine != null) {
      all.add("storage.engine=" + engine);
    }
    all.addAll(sets);
    SightlineConfig config = ConfigLoader.load(null, Map.of(), all).config();
    server = SightlineServer.create(config, Clock.systemUTC()).start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
    }
    if (dataDir != null) {
      try (Stream<Path> s = Files.walk(dataDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public SightlineServer server() {
    return server;
  }

  public String httpUri(String path) {
    return "http://127.0.0.1:" + server.httpPort() + path;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(httpUri(path))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(int port, String path, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    return http.send(request(port, path, contentType, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> postForBytes(int port, String path, String contentType, byte[] body,
                                           String... headers) throws IOException, InterruptedException {
    return http.send(request(port, path, contentType, body, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(int port, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }
}
