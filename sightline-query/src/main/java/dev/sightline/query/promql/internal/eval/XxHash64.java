package dev.sightline.query.promql.internal.eval;

import dev.sightline.model.metric.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * XXH64 (seed 0) of a label set encoded as Prometheus hashes it ({@code name 0xff value 0xff ...}), so
 * {@code limit_ratio} picks the same series Prometheus picks.
 */
final class XxHash64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private XxHash64() {}

  static long ofLabels(Labels l) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < l.size(); i++) {
      b.writeBytes(l.name(i).getBytes(StandardCharsets.UTF_8));
      b.write(0xff);
      b.writeBytes(l.value(i).getBytes(StandardCharsets.UTF_8));
      b.write(0xff);
    }
    return hash(b.toByteArray());
  }

  static long hash(byte[] in) {
    int len = in.length;
    int p = 0;
    long h;
    if (len >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      while (p <= len - 32) {
        v1 = round(v1, le64(in, p));
        v2 = round(v2, le64(in, p + 8));
        v3 = round(v3, le64(in, p + 16));
        v4 = round(v4, le64(in, p + 24));
        p += 32;
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = P5;
    }
    h += len;
    while (p + 8 <= len) {
      h ^= round(0, le64(in, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= len) {
      h ^= (le32(in, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < len) {
      h ^= (in[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long merge(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long le64(byte[] b, int p) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[p + i] & 0xFFL);
    }
    return v;
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  /** The hash as a fraction of the 64-bit range, in [0, 1), as Prometheus's ratio sampler uses it. */
  static double unitOffset(Labels l) {
    long h = ofLabels(l);
    double unsigned = (h >>> 1) * 2.0 + (h & 1);
    return unsigned / 18446744073709551615.0;
  }
}
