package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.bench.internal.LogGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the NDJSON log file that every system of the logs benchmark reads ({@link LogGenerator}), and
 * beside it {@code FILE.traceids}: trace ids of lines spread evenly over the file, the needles of the
 * trace-id lookups, and {@code FILE.range}: the first and last line's time in epoch milliseconds.
 *
 * <pre>
 * java -cp sightline-bench.jar dev.sightline.bench.LogFile --out logs.ndjson --records 10m --seed 42 \
 *     --base-epoch-ms 1795000000000
 * </pre>
 */
public final class LogFile {
  private static final Set<String> OPTIONS = Set.of("out", "records", "seed", "base-epoch-ms", "needles");

  private LogFile() { }

  public static void main(String[] argv) throws IOException {
    Args args;
    try {
      args = Args.parse(argv, OPTIONS, Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println("LogFile: " + e.getMessage() + "\nusage: LogFile --out FILE [--records 10m] [--seed 42] "
          + "[--base-epoch-ms now-1h] [--needles 1000]");
      System.exit(2);
      return;
    }
    Path out = Path.of(args.required("out"));
    long records = args.count("records", 10_000_000);
    long seed = args.count("seed", 42);
    long base = args.count("base-epoch-ms", System.currentTimeMillis() - 3_600_000L);
    long needles = Math.max(1, args.count("needles", 1000));
    long every = Math.max(1, records / needles);
    LogGenerator gen = LogGenerator.of(seed, base);
    List<String> traceIds = new ArrayList<>();
    long bytes = 0;
    long t0 = System.nanoTime();
    String first = null;
    String last = null;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (long i = 0; i < records; i++) {
        String line = gen.next();
        if (first == null) {
          first = line;
        }
        last = line;
        w.write(line);
        w.write('\n');
        bytes += line.length() + 1;
        if (i % every == every / 2) {
          int at = line.indexOf("\"trace_id\":\"") + 12;
          traceIds.add(line.substring(at, at + 32));
        }
      }
    }
    Files.write(Path.of(out + ".traceids"), traceIds);
    if (first != null) {
      // The time range the file covers, in epoch milliseconds, for the queries' time range.
      Files.writeString(Path.of(out + ".range"), timeMillis(first) + " " + timeMillis(last) + "\n");
    }
    System.out.printf(Locale.ROOT, "wrote %,d records (%,d requests, %,d bytes, %.0f bytes/record) to %s in %.1f s; "
        + "%d trace ids to %s.traceids%n", records, gen.requests(), bytes, (double) bytes / records, out,
        (System.nanoTime() - t0) / 1e9, traceIds.size(), out);
  }

  private static long timeMillis(String line) {
    int at = line.indexOf("\"timestamp\":\"") + 13;
    return java.time.Instant.parse(line.substring(at, line.indexOf('"', at))).toEpochMilli();
  }
}
