package dev.sightline.store.tsdb.internal;

import dev.sightline.model.metric.Labels;
import dev.sightline.store.tsdb.chunk.CorruptChunkException;
import dev.sightline.store.tsdb.chunk.XorChunk;
import java.util.Collection;
import java.util.List;

/**
 * The TSDB's WAL records. Every record starts with a type byte:
 * <ul>
 *   <li>1 series: count, then per series its id and labels (count, then name and value strings);</li>
 *   <li>2 samples: count, then per sample the series id, the timestamp as a zigzag varint delta from the
 *       previous sample of the record (the first from 0) and the value's 8 raw bytes;</li>
 *   <li>3 chunks (checkpoints): count, then per chunk the series id, min and max time and the chunk bytes.</li>
 * </ul>
 * A series record always precedes the samples that use its id.
 */
final class WalCodec {
  static final int SERIES = 1;
  static final int SAMPLES = 2;
  static final int CHUNKS = 3;

  private WalCodec() {}

  /** Receives decoded records. */
  interface Visitor {
    void series(int id, Labels labels);

    void sample(int id, long t, double v);

    void chunk(int id, XorChunk chunk);
  }

  static byte[] series(Collection<MemSeries> series) {
    ByteOutput out = new ByteOutput(64 * series.size());
    out.writeByte(SERIES);
    out.writeUvarint(series.size());
    for (MemSeries s : series) {
      out.writeUvarint(s.id);
      writeLabels(out, s.labels);
    }
    return out.toByteArray();
  }

  static void writeLabels(ByteOutput out, Labels labels) {
    out.writeUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.writeString(labels.name(i));
      out.writeString(labels.value(i));
    }
  }

  static Labels readLabels(ByteInput in) {
    int n = in.readCount("label count", in.remaining() / 2);
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < n; i++) {
      String name = in.readString("label name");
      String value = in.readString("label value");
      if (name.isEmpty()) {
        throw in.corrupt("empty label name");
      }
      b.set(name, value);
    }
    return b.build();
  }

  /** Encodes samples; {@code ids[i]} is the series of {@code ts[i]}, {@code vs[i]}. */
  static byte[] samples(int[] ids, long[] ts, double[] vs, int count) {
    ByteOutput out = new ByteOutput(16 * count + 8);
    out.writeByte(SAMPLES);
    out.writeUvarint(count);
    long prev = 0;
    for (int i = 0; i < count; i++) {
      out.writeUvarint(ids[i]);
      out.writeVarint(ts[i] - prev);
      out.writeLong(Double.doubleToRawLongBits(vs[i]));
      prev = ts[i];
    }
    return out.toByteArray();
  }

  static byte[] chunks(int[] ids, List<XorChunk> chunks) {
    ByteOutput out = new ByteOutput(64 * chunks.size() + 8);
    out.writeByte(CHUNKS);
    out.writeUvarint(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      XorChunk c = chunks.get(i);
      out.writeUvarint(ids[i]);
      out.writeVarint(c.minTime());
      out.writeVarint(c.maxTime());
      out.writeBytes(c.bytes());
    }
    return out.toByteArray();
  }

  /** Decodes one record; throws {@link CorruptDataException} naming the problem. */
  static void decode(byte[] record, Visitor visitor) {
    ByteInput in = new ByteInput(record, "WAL record");
    int type = in.readByte();
    switch (type) {
      case SERIES -> {
        int n = in.readCount("series count", in.remaining());
        for (int i = 0; i < n; i++) {
          int id = readId(in);
          visitor.series(id, readLabels(in));
        }
      }
      case SAMPLES -> {
        int n = in.readCount("sample count", in.remaining() / 10);
        long t = 0;
        for (int i = 0; i < n; i++) {
          int id = readId(in);
          t += in.readVarint();
          visitor.sample(id, t, Double.longBitsToDouble(in.readLong()));
        }
      }
      case CHUNKS -> {
        int n = in.readCount("chunk count", in.remaining());
        for (int i = 0; i < n; i++) {
          int id = readId(in);
          long min = in.readVarint();
          long max = in.readVarint();
          byte[] bytes = in.readBytes("chunk");
          try {
            visitor.chunk(id, XorChunk.wrap(bytes, min, max));
          } catch (CorruptChunkException e) {
            throw in.corrupt(e.getMessage());
          }
        }
      }
      default -> throw new CorruptDataException("WAL record: unknown type " + type
          + " (expected 1 series, 2 samples or 3 chunks)");
    }
    if (in.hasRemaining()) {
      throw in.corrupt(in.remaining() + " trailing bytes after the record");
    }
  }

  private static int readId(ByteInput in) {
    return in.readCount("series id", Integer.MAX_VALUE);
  }
}
