package dev.sightline.bench;

import dev.sightline.bench.internal.Args;
import dev.sightline.store.tsdb.chunk.PackedChunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the bytes of a TSDB's blocks go (issue 4): for every format-2 block under {@code --dir}, the
 * chunks' timestamp sections, value sections (split into integer/decimal chunks and float chunks), their
 * per-chunk overhead (format, counts, section lengths, CRC), the index (labels, chunk references,
 * postings; zstd-compressed) and meta.json, each in bytes and bytes/sample. Read-only.
 *
 * <pre>
 * java -cp ... dev.sightline.bench.TsdbBlockBytes --dir work/sightline-data/metrics/blocks
 * </pre>
 */
public final class TsdbBlockBytes {
  private TsdbBlockBytes() {}

  public static void main(String[] argv) throws IOException {
    Args args = Args.parse(argv, Set.of("dir"), Set.of());
    Path dir = Path.of(args.required("dir"));
    long samples = 0;
    long chunks = 0;
    long ts = 0;
    long intValues = 0;
    long floatValues = 0;
    long floatSamples = 0;
    long other = 0;
    long index = 0;
    long meta = 0;
    List<Path> blocks;
    try (Stream<Path> s = Files.list(dir)) {
      blocks = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path b : blocks) {
      byte[] file = Files.readAllBytes(b.resolve("chunks"));
      String magic = new String(Arrays.copyOf(file, 8), StandardCharsets.US_ASCII);
      if (!magic.equals("SLCHNK02")) {
        System.out.println("skipping " + b + ": not block format 2 (" + magic + ")");
        continue;
      }
      other += 8;
      for (int at = 8; at < file.length; ) {
        PackedChunk.Layout l = PackedChunk.layout(file, at, file.length - at);
        samples += l.samples();
        chunks++;
        ts += l.timestampBytes();
        if (l.floatValues()) {
          floatValues += l.valueBytes();
          floatSamples += l.samples();
        } else {
          intValues += l.valueBytes();
        }
        other += l.otherBytes();
        at += l.length();
      }
      index += Files.size(b.resolve("index"));
      meta += Files.size(b.resolve("meta.json"));
    }
    long total = ts + intValues + floatValues + other + index + meta;
    double n = Math.max(1, samples);
    System.out.printf(Locale.ROOT, "%d blocks, %d chunks, %d samples (%d in float chunks), %d bytes = %.3f bytes/sample%n",
        blocks.size(), chunks, samples, floatSamples, total, total / n);
    String[] names = {"timestamps", "values (integer/decimal chunks)", "values (float chunks)",
        "chunk headers + CRC", "index (labels, refs, postings)", "meta.json"};
    long[] parts = {ts, intValues, floatValues, other, index, meta};
    for (int i = 0; i < names.length; i++) {
      System.out.printf(Locale.ROOT, "  %-32s %,13d bytes  %.3f bytes/sample  %4.1f%%%n", names[i], parts[i],
          parts[i] / n, 100.0 * parts[i] / Math.max(1, total));
    }
    if (floatSamples > 0) {
      System.out.printf(Locale.ROOT, "  float chunks alone: %.2f bytes per float sample%n", floatValues / (double) floatSamples);
    }
    System.out.printf(Locale.ROOT, "RESULT samples=%d chunks=%d bytes=%d timestamps=%d int_values=%d float_values=%d"
        + " float_samples=%d chunk_overhead=%d index=%d meta=%d%n", samples, chunks, total, ts, intValues, floatValues,
        floatSamples, other, index, meta);
  }
}
