package dev.sightline.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sightline as a separate OS process, run from the jar the build packaged (as ./sightline runs it),
 * on free ports read back from its start-up banner. For tests that must kill it.
 */
final class SightlineProcess implements AutoCloseable {
  private static final Pattern HTTP = Pattern.compile("UI and HTTP APIs\\s+http://[^:]+:(\\d+)/");
  private static final Pattern OTLP_HTTP = Pattern.compile("OTLP/HTTP\\s+http://[^:]+:(\\d+)/");

  private final Process process;
  private final int httpPort;
  private final int otlpHttpPort;
  private final List<String> output = new ArrayList<>();

  private SightlineProcess(Process process, int httpPort, int otlpHttpPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.otlpHttpPort = otlpHttpPort;
  }

  static SightlineProcess start(Path dataDir, String... sets) throws IOException, InterruptedException {
    Path jar;
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      jar = s.filter(p -> p.getFileName().toString().matches("sightline-server-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("tests"))
          .findFirst().orElseThrow(() -> new IllegalStateException("run `mvn package` first: no server jar"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString(), "serve",
        "--data-dir", dataDir.toString(),
        "--set", "server.host=127.0.0.1", "--set", "server.http_port=0", "--set", "server.otlp_grpc_port=0",
        "--set", "server.otlp_http_port=0", "--set", "server.zipkin_port=0"));
    String engine = System.getProperty(SightlineExtension.ENGINE_PROPERTY);
    if (engine != null) {
      cmd.add("--set");
      cmd.add("storage.engine=" + engine);
    }
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    int http = -1;
    int otlp = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((http < 0 || otlp < 0) && System.nanoTime() < deadline && (line = out.readLine()) != null) {
      lines.add(line);
      Matcher m = HTTP.matcher(line);
      if (m.find()) {
        http = Integer.parseInt(m.group(1));
      }
      Matcher o = OTLP_HTTP.matcher(line);
      if (o.find()) {
        otlp = Integer.parseInt(o.group(1));
      }
    }
    if (http < 0 || otlp < 0) {
      p.destroyForcibly();
      throw new IllegalStateException("Sightline did not start:\n" + String.join("\n", lines));
    }
    SightlineProcess sp = new SightlineProcess(p, http, otlp);
    sp.output.addAll(lines);
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> {
      synchronized (sp.output) {
        sp.output.add(l);
      }
    }));
    return sp;
  }

  int httpPort() {
    return httpPort;
  }

  int otlpHttpPort() {
    return otlpHttpPort;
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** SIGKILL: no shutdown hook, no commit, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
