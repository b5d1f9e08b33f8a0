package dev.sightline.server.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships JSON log lines to Sightline's {@code POST /api/logs}: the sidecar of the log-aggregation pattern
 * for machines without Fluent Bit or Vector.
 *
 * <p>One batch is in flight at a time, so memory is bounded by the batch size whatever the backlog.
 * A batch is retried with capped exponential backoff (with jitter) until Sightline acknowledges it;
 * only then does the checkpoint move past it. Delivery is therefore at-least-once: a crash between the
 * acknowledgement and the checkpoint write resends that one batch. Each line carries
 * {@code log.file.path} and {@code log.offset} (as Filebeat's do), which identify it for de-duplication.
 * A line that is not a JSON object is shipped as {@code {"message": line}}.
 */
public final class LogShipper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogShipper.class);

  /** Pauses between retries; tests replace it so that backoff costs no wall time. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final URI endpoint;
  private final List<FileTail> files = new ArrayList<>();
  private final LineSource stdin;
  private final Checkpoint checkpoint;
  private final String service;
  private final int batchLines;
  private final long batchBytes;
  private final Duration pollInterval;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong shippedLines = new AtomicLong();
  private final AtomicLong rejectedLines = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  private LogShipper(Builder b) throws IOException {
    this.endpoint = URI.create(b.url.replaceAll("/+$", "") + "/api/logs");
    this.checkpoint = b.checkpointFile == null ? null : Checkpoint.load(b.checkpointFile);
    for (Path p : b.files) {
      FileTail t = new FileTail(p, b.maxLineBytes);
      t.open(checkpoint == null ? null : checkpoint.get(p));
      files.add(t);
    }
    this.stdin = b.lineSource;
    this.service = b.service;
    this.batchLines = b.batchLines;
    this.batchBytes = b.batchBytes;
    this.pollInterval = b.pollInterval;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
  }

  public static Builder builder(String sightlineUrl) {
    return new Builder(sightlineUrl);
  }

  /** A source of lines other than files: a child process's stdout. Returns null at its end. */
  public interface LineSource {
    /** Up to {@code max} lines available now (waiting at most {@code wait} for the first). */
    List<String> poll(int max, Duration wait) throws InterruptedException;

    boolean finished();
  }

  /** Ships until {@link #stop()} (or the line source ends), then returns after the last batch is acknowledged. */
  public void run() throws InterruptedException, IOException {
    while (running.get()) {
      List<String> lines = new ArrayList<>();
      List<FileTail.Line> fileLines = new ArrayList<>();
      List<FileTail> owners = new ArrayList<>();
      for (FileTail t : files) {
        int before = fileLines.size();
        t.poll(fileLines, batchLines - fileLines.size(), batchBytes);
        for (int i = before; i < fileLines.size(); i++) {
          owners.add(t);
          lines.add(decorate(fileLines.get(i).text(), t.path(), fileLines.get(i).endOffset()));
        }
      }
      if (stdin != null && lines.size() < batchLines) {
        for (String l : stdin.poll(batchLines - lines.size(), lines.isEmpty() ? pollInterval : Duration.ZERO)) {
          lines.add(decorate(l, null, -1));
        }
      }
      if (lines.isEmpty()) {
        if (stdin != null && stdin.finished()) {
          return;
        }
        if (stdin == null) {
          sleeper.sleep(pollInterval);
        }
        continue;
      }
      if (!send(lines)) {
        return; // stopped while retrying: the checkpoint stays before this batch
      }
      shippedLines.addAndGet(lines.size());
      if (checkpoint != null && !fileLines.isEmpty()) {
        for (int i = 0; i < fileLines.size(); i++) {
          FileTail.Line l = fileLines.get(i);
          checkpoint.put(owners.get(i).path(), new Checkpoint.Position(l.fileKey(), l.endOffset()));
        }
        checkpoint.save();
      }
    }
  }

  private String decorate(String line, Path file, long offset) {
    ObjectNode node;
    try {
      JsonNode parsed = Json.MAPPER.readTree(line);
      node = parsed instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      node = null;
    }
    if (node == null) {
      node = Json.MAPPER.createObjectNode().put("message", line);
    }
    if (service != null && !node.has("service") && !node.has("service.name") && !node.has("service_name")) {
      node.put("service", service);
    }
    if (file != null) {
      node.put("log.file.path", file.toAbsolutePath().toString());
      node.put("log.offset", offset);
    }
    return node.toString();
  }

  /** Sends one batch until it is acknowledged; false when stopped first. */
  private boolean send(List<String> lines) throws InterruptedException, IOException {
    byte[] body = gzip(String.join("\n", lines) + "\n");
    Duration backoff = Duration.ofMillis(200);
    while (true) {
      String problem;
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-ndjson")
            .header("Content-Encoding", "gzip")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        int code = r.statusCode();
        if (code == 200) {
          JsonNode ack = Json.MAPPER.readTree(r.body());
          long rejected = ack.path("rejected").asLong();
          if (rejected > 0) {
            rejectedLines.addAndGet(rejected);
            log.warn("Sightline refused {} lines: {}", rejected, ack.path("errors").asText());
          }
          return true;
        }
        if (code == 400 || code == 413) {
          // Not retryable: every line of this batch was refused. Skip it, loudly, rather than stall forever.
          rejectedLines.addAndGet(lines.size());
          log.error("Sightline refused a batch of {} lines ({}): {}", lines.size(), code, r.body());
          return true;
        }
        problem = "HTTP " + code + " " + r.body();
      } catch (IOException e) {
        problem = e.toString();
      }
      if (!running.get()) {
        return false;
      }
      retries.incrementAndGet();
      log.warn("shipping {} lines failed ({}); retrying in {} ms", lines.size(), problem, backoff.toMillis());
      sleeper.sleep(backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1)));
      backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Asks {@link #run()} to finish after the current batch. */
  public void stop() {
    running.set(false);
  }

  public long shippedLines() {
    return shippedLines.get();
  }

  public long rejectedLines() {
    return rejectedLines.get();
  }

  public long retries() {
    return retries.get();
  }

  @Override
  public void close() throws IOException {
    stop();
    for (FileTail t : files) {
      t.close();
    }
  }

  /** Configures a {@link LogShipper}. */
  public static final class Builder {
    private final String url;
    private final List<Path> files = new ArrayList<>();
    private LineSource lineSource;
    private Path checkpointFile;
    private String service;
    private int batchLines = 1000;
    private long batchBytes = 1 << 20;
    private int maxLineBytes = 1 << 20;
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder(String url) {
      this.url = Objects.requireNonNull(url);
    }

    public Builder file(Path p) { files.add(p); return this; }
    public Builder lineSource(LineSource s) { lineSource = s; return this; }
    public Builder checkpointFile(Path p) { checkpointFile = p; return this; }
    public Builder service(String s) { service = s; return this; }
    public Builder batchLines(int n) { batchLines = n; return this; }
    public Builder batchBytes(long n) { batchBytes = n; return this; }
    public Builder maxLineBytes(int n) { maxLineBytes = n; return this; }
    public Builder pollInterval(Duration d) { pollInterval = d; return this; }
    public Builder maxBackoff(Duration d) { maxBackoff = d; return this; }
    public Builder sleeper(Sleeper s) { sleeper = s; return this; }

    public LogShipper build() throws IOException {
      if (files.isEmpty() && lineSource == null) {
        throw new IllegalArgumentException("nothing to ship: name at least one file, or a command to run");
      }
      return new LogShipper(this);
    }
  }
}
