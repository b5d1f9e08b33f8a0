package dev.sightline.demo;

import dev.sightline.demo.internal.DemoOptions;
import dev.sightline.demo.internal.ParentWatch;
import dev.sightline.demo.internal.ProcessTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ./sightline demo}: starts Sightline with examples/demo/sightline.yaml, then carrier-api (the
 * third-party stub, uninstrumented), shipping, inventory and checkout under the OpenTelemetry Java agent
 * with their JSON stdout shipped by {@code sightline ship}, then the load generator; prints where to look
 * and runs until Ctrl-C (or {@code --run-for}). Every process it started is stopped on exit, and each one
 * also watches this process's pid, so none outlives it even when it is killed with SIGKILL.
 */
public final class Demo {
  static final String SIGHTLINE = "http://127.0.0.1:7070";
  static final String OTLP = "http://127.0.0.1:4318";
  static final String INVENTORY = "http://127.0.0.1:8082";

  private final DemoOptions options;
  private final List<Process> started = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  // Absolute: Sightline runs in another directory, and every child reuses this classpath.
  private final String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
      .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  private final long pid = ProcessHandle.current().pid();
  private volatile boolean outage;

  private Demo(DemoOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    Demo demo = new Demo(options);
    Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll, "demo-stop"));
    try {
      demo.start();
    } catch (Exception e) {
      System.err.println("demo: " + e.getMessage() + " (process output is in " + options.dataDir().resolve("logs") + ")");
      System.exit(1);
    }
    demo.printGuide();
    if (options.runFor() != null) {
      Thread.sleep(options.runFor());
      System.exit(0);
    }
    if (options.readInput()) {
      demo.readKeys();
    } else {
      Thread.currentThread().join(); // until Ctrl-C
    }
  }

  private void start() throws Exception {
    Path logs = Files.createDirectories(options.dataDir().resolve("logs"));
    System.out.println("Starting Sightline (log: " + logs.resolve("sightline.log") + ") ...");
    // Sightline runs in the config's directory: the config's rule_files are relative to it.
    launch("sightline", options.config().getParent(), List.of(javaBin, "-cp", classpath, ParentWatch.class.getName(), String.valueOf(pid), "--",
        javaBin, "-jar", options.serverJar().toString(), "serve", "--config", options.config().toString(),
        "--data-dir", options.dataDir().resolve("sightline").toString()));
    awaitUp(SIGHTLINE + "/health/ready", Duration.ofSeconds(90));
    launch("carrier-api", List.of(javaBin, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-D" + ParentWatch.PARENT_PROPERTY + "=" + pid,
        "-cp", classpath, CarrierApi.class.getName()));
    launch("shipping", instrumented("shipping", Shipping.class));
    launch("inventory", instrumented("inventory", Inventory.class));
    launch("checkout", instrumented("checkout", Checkout.class));
    System.out.println("Starting carrier-api, shipping, inventory and checkout (logs in " + logs + ") ...");
    for (String port : List.of("8084", "8083", "8082", "8081")) {
      awaitUp("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(180)); // four agents starting at once on a small machine
    }
    launch("load", List.of(javaBin, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-D" + ParentWatch.PARENT_PROPERTY + "=" + pid,
        "-cp", classpath, LoadGenerator.class.getName()));
  }

  /** {@code sightline ship ... -- java -javaagent:... Main}: the service's JSON stdout goes to Sightline. */
  private List<String> instrumented(String service, Class<?> main) {
    // C1 only and serial GC for the small JVMs: six of them start at once, often on two cores.
    return List.of(javaBin, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", options.serverJar().toString(), "ship", "--url", SIGHTLINE,
        "--service", service, "--",
        javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-javaagent:" + options.agentJar(),
        "-Dotel.service.name=" + service,
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + OTLP,
        "-Dotel.metric.export.interval=10000",
        "-Dotel.bsp.schedule.delay=2000",
        "-Dotel.logs.exporter=none",
        // Names the third party in shipping's CLIENT spans, so the trace analysis says "shipping -> carrier-api".
        "-Dotel.instrumentation.common.peer-service-mapping=127.0.0.1:8084=carrier-api",
        "-Dotel.javaagent.logging=none",
        "-D" + ParentWatch.PARENT_PROPERTY + "=" + pid,
        "-cp", classpath, main.getName());
  }

  private void launch(String name, List<String> command) throws IOException {
    launch(name, null, command);
  }

  private void launch(String name, Path directory, List<String> command) throws IOException {
    Path log = options.dataDir().resolve("logs").resolve(name + ".log");
    Process p = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    started.add(p);
  }

  private void awaitUp(String url, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (started.stream().anyMatch(p -> !p.isAlive())) {
        throw new IllegalStateException("a process exited during startup while waiting for " + url);
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(url + " did not answer 200 within " + timeout.toSeconds() + " s");
  }

  private void printGuide() {
    System.out.println(String.join("\n",
        "",
        "Sightline demo is running: " + SIGHTLINE,
        "  Traffic: ~5 checkouts/s. About every 30 s one checkout stalls ~9 s in the third-party carrier API;",
        "  about 2% of payments fail.",
        "  Slow traces:    " + SIGHTLINE + "/traces?service=checkout&minDuration=5s  (open one: the gap is shipping -> carrier API)",
        "  Failed payments: " + SIGHTLINE + "/logs with the query  \"Payment failed\"  (each line links to its trace)",
        "  Health:         " + SIGHTLINE + "/health",
        "  Warehouse DB outage: type d + Enter to toggle, or",
        "    curl -X POST '" + INVENTORY + "/admin/db?down=true'   (and down=false to end it)",
        "  Ctrl-C stops everything. Process output: " + options.dataDir().resolve("logs"),
        ""));
  }

  private void readKeys() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String key = line.trim();
      if (key.equalsIgnoreCase("d")) {
        toggleOutage();
      } else if (key.equalsIgnoreCase("q")) {
        System.exit(0);
      } else if (!key.isEmpty()) {
        System.out.println("keys: d = toggle warehouse DB outage, q = quit");
      }
    }
    try {
      Thread.currentThread().join(); // stdin closed (e.g. run in the background): wait for Ctrl-C
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void toggleOutage() {
    boolean down = !outage;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(INVENTORY + "/admin/db?down=" + down))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      outage = down;
      System.out.println(down
          ? "Warehouse DB is DOWN: inventory's readiness now answers 503, liveness stays 200 (" + SIGHTLINE + "/health)"
          : "Warehouse DB is back up. " + r.body());
    } catch (Exception e) {
      System.out.println("could not reach inventory: " + e);
    }
  }

  /** Stops every started process and its descendants, last started first, and waits for them. */
  private void stopAll() {
    List<Process> reversed = new ArrayList<>(started);
    java.util.Collections.reverse(reversed);
    reversed.parallelStream().forEach(p -> ProcessTree.destroy(p.toHandle()));
  }
}
