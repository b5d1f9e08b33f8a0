package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.LoadStats;
import dev.sightline.bench.internal.ProcessMemory;
import dev.sightline.bench.internal.RemoteWriteEncoder;
import dev.sightline.bench.internal.RemoteWriteSender;
import dev.sightline.bench.internal.ScrapeFleet;
import dev.sightline.bench.internal.Sender;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prometheus remote-write load (issue 4), in two steps so that every target gets byte-for-byte the same
 * stream and the generator's CPU is not spent while a target is measured:
 *
 * <pre>
 * # 1. generate: 100k series of a {@link ScrapeFleet}, 3 h at 15 s ending at --end-ms, into a file of bodies
 * java -cp ... dev.sightline.bench.RemoteWriteLoad --out load.rw --series 100k --minutes 180 --interval-s 15 \
 *     --end-ms 1767225600000 --shards 4 --batch 2000 --seed 42
 * # 2. send it: one sender thread per shard, each shard's requests in file (= time) order
 * java -cp ... dev.sightline.bench.RemoteWriteLoad --file load.rw --url http://127.0.0.1:19090/api/v1/write --pid 1234
 * </pre>
 *
 * <p>The file holds, scrape after scrape, the snappy-compressed {@code WriteRequest}s of each shard
 * (series {@code i} belongs to shard {@code i % shards}, as Prometheus shards by series): a series'
 * samples are always sent in time order by one sender, so every target sees what a Prometheus
 * remote-writing a live scrape would send. Shards are kept within a few requests of each other by
 * bounded per-shard queues. The last line is {@code RESULT key=value ...}, for scripts.
 */
public final class RemoteWriteLoad {
  private static final int MAGIC = 0x534c5257; // "SLRW"
  private static final Set<String> OPTIONS = Set.of("out", "series", "instances", "minutes", "interval-s", "end-ms", "shards",
      "batch", "seed", "file", "url", "pid", "max-seconds", "max-attempts");

  private RemoteWriteLoad() {}

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv, OPTIONS, Set.of("help"));
      if (args.flag("help")) {
        usage();
        return;
      }
      if (args.string("out", null) != null) {
        generate(args);
      } else {
        send(args);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("RemoteWriteLoad: " + e.getMessage());
      usage();
      System.exit(2);
    }
  }

  private static void usage() {
    System.err.println("""
        usage: RemoteWriteLoad --out FILE [--series 100k] [--instances 10] [--minutes 180] [--interval-s 15] [--end-ms NOW]
                               [--shards 4] [--batch 2000] [--seed 42]
               RemoteWriteLoad --file FILE --url URL [--pid PID] [--max-seconds 1800] [--max-attempts 50]
          --out:  write the stream (scrapes from end-minutes to end, in time order) to FILE
          --file: send FILE to URL with one sender per shard; --pid: the target, for CPU and VmHWM""");
  }

  static void generate(Args args) throws IOException {
    Path out = Path.of(args.required("out"));
    int series = args.intCount("series", 100_000);
    long intervalMs = args.count("interval-s", 15) * 1000;
    int scrapes = (int) (args.count("minutes", 180) * 60_000 / intervalMs);
    long endMs = args.count("end-ms", System.currentTimeMillis() / intervalMs * intervalMs);
    int shards = args.intCount("shards", 4);
    int batch = args.intCount("batch", 2000);
    long seed = args.count("seed", 42);
    if (shards < 1 || batch < 1 || scrapes < 1) {
      throw new IllegalArgumentException("--shards, --batch and --minutes must be positive");
    }
    // Scrape k is at start + k * interval (+ the instance's offset < interval), so the last one ends by endMs.
    long startMs = endMs - (long) scrapes * intervalMs;
    ScrapeFleet fleet = new ScrapeFleet(series, args.intCount("instances", 10), startMs, intervalMs, seed);
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(fleet);
    int[][] shardIds = new int[shards][];
    for (int s = 0; s < shards; s++) {
      shardIds[s] = new int[(series - s + shards - 1) / shards];
      for (int k = 0, i = s; i < series; i += shards, k++) {
        shardIds[s][k] = i;
      }
    }
    long t0 = System.nanoTime();
    long bytes = 0;
    long requests = 0;
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
      o.writeInt(MAGIC);
      o.writeInt(shards);
      o.writeInt(series);
      o.writeInt(scrapes);
      o.writeLong(startMs);
      o.writeLong(intervalMs);
      o.writeLong(seed);
      for (int k = 0; k < scrapes; k++) {
        fleet.nextScrape();
        for (int s = 0; s < shards; s++) {
          int[] ids = shardIds[s];
          for (int from = 0; from < ids.length; from += batch) {
            int to = Math.min(ids.length, from + batch);
            byte[] body = encoder.body(ids, from, to);
            o.writeByte(s);
            o.writeInt(k);
            o.writeInt(to - from);
            o.writeInt(body.length);
            o.write(body);
            bytes += body.length;
            requests++;
          }
        }
      }
      o.writeByte(-1);
    }
    long samples = (long) series * scrapes;
    System.out.printf(Locale.ROOT, "generated %d series x %d scrapes = %d samples in %d requests, %.1f MB snappy"
        + " (%.1f bytes/sample on the wire), %.1f s%n", series, scrapes, samples, requests, bytes / 1e6,
        (double) bytes / samples, (System.nanoTime() - t0) / 1e9);
    System.out.printf(Locale.ROOT, "RESULT series=%d scrapes=%d samples=%d requests=%d wire_bytes=%d start_ms=%d"
        + " end_ms=%d interval_ms=%d%n", series, scrapes, samples, requests, bytes, startMs, endMs, intervalMs);
  }

  private record Request(int scrape, int samples, byte[] body) {}

  private static final Request END = new Request(-1, 0, new byte[0]);

  static void send(Args args) throws Exception {
    Path file = Path.of(args.required("file"));
    URI uri = URI.create(args.required("url"));
    long pid = args.count("pid", 0);
    long maxSeconds = args.count("max-seconds", 1800);
    int maxAttempts = args.intCount("max-attempts", 50);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(file + " is not a RemoteWriteLoad file (write one with --out)");
      }
      int shards = in.readInt();
      int series = in.readInt();
      int scrapes = in.readInt();
      long startMs = in.readLong();
      long intervalMs = in.readLong();
      in.readLong();
      System.out.printf(Locale.ROOT, "sending %d series x %d scrapes (%d..%d ms, every %d ms) with %d senders to %s%n",
          series, scrapes, startMs, startMs + scrapes * intervalMs, intervalMs, shards, uri);
      LoadStats stats = new LoadStats();
      HttpClient client = Sender.httpClient();
      long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
      List<BlockingQueue<Request>> queues = new ArrayList<>();
      List<Thread> senders = new ArrayList<>();
      long cpu0 = pid > 0 ? ProcessMemory.cpuMillis(pid) : -1;
      long t0 = System.nanoTime();
      for (int s = 0; s < shards; s++) {
        BlockingQueue<Request> q = new ArrayBlockingQueue<>(4);
        queues.add(q);
        RemoteWriteSender sender = new RemoteWriteSender(client, uri, stats, maxAttempts);
        senders.add(Thread.ofPlatform().name("rw-sender-" + s).start(() -> {
          try {
            for (Request r = q.take(); r != END; r = q.take()) {
              // A failed request is counted and skipped, as Prometheus drops after its retries.
              sender.send(r.body(), r.samples(), deadline);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      Thread progress = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (true) {
            Thread.sleep(10_000);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  %.0f s: %d samples acked (%.0f/s), %d retries, %d failed%n", secs,
                stats.ackedSpans.sum(), stats.ackedSpans.sum() / secs, stats.retries.sum(), stats.failedBatches.sum());
          }
        } catch (InterruptedException e) {
          // done
        }
      });
      int lastScrape = -1;
      for (int shard = in.readByte(); shard >= 0; shard = in.readByte()) {
        int scrape = in.readInt();
        int samples = in.readInt();
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        lastScrape = scrape;
        if (System.nanoTime() > deadline) {
          System.out.println("max-seconds reached at scrape " + scrape + "; stopping");
          break;
        }
        queues.get(shard).put(new Request(scrape, samples, body));
      }
      for (BlockingQueue<Request> q : queues) {
        q.put(END);
      }
      for (Thread t : senders) {
        t.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      progress.interrupt();
      long cpu = pid > 0 && cpu0 >= 0 ? ProcessMemory.cpuMillis(pid) - cpu0 : -1;
      ProcessMemory mem = pid > 0 ? ProcessMemory.read(pid) : null;
      long acked = stats.ackedSpans.sum();
      System.out.printf(Locale.ROOT, "acknowledged %d of %d samples in %.1f s: %.0f samples/s; statuses %s;"
          + " %d retries (%d x 429, %d I/O errors), %d failed requests (%d samples)%s%n", acked, stats.sentSpans.sum(),
          secs, acked / secs, stats.statuses(), stats.retries.sum(), stats.throttled.sum(), stats.ioErrors.sum(),
          stats.failedBatches.sum(), stats.failedSpans.sum(),
          stats.firstFailure() == null ? "" : "; first failure: " + stats.firstFailure());
      if (cpu >= 0) {
        System.out.printf(Locale.ROOT, "target CPU during the load: %.1f s (%.0f samples per CPU-second)%n",
            cpu / 1000.0, cpu == 0 ? 0 : acked / (cpu / 1000.0));
      }
      if (mem != null) {
        System.out.printf(Locale.ROOT, "target peak RSS (VmHWM): %d MiB, current %d MiB%n", mem.peakMib(),
            mem.currentKib() / 1024);
      }
      System.out.printf(Locale.ROOT, "RESULT samples_sent=%d samples_acked=%d seconds=%.2f samples_per_s=%.0f"
          + " retries=%d throttled_429=%d io_errors=%d failed_requests=%d failed_samples=%d target_cpu_s=%.1f"
          + " samples_per_cpu_s=%.0f peak_rss_kib=%d last_scrape=%d%n", stats.sentSpans.sum(), acked, secs,
          acked / secs, stats.retries.sum(), stats.throttled.sum(), stats.ioErrors.sum(), stats.failedBatches.sum(),
          stats.failedSpans.sum(), cpu / 1000.0, cpu <= 0 ? 0 : acked / (cpu / 1000.0),
          mem == null ? -1 : mem.peakKib(), lastScrape);
    }
  }
}
