package dev.sightline.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes a request's {@code Content-Encoding} under two limits: the body as received may not exceed
 * {@link IngestLimits#maxBodyBytes()} and the decoded body may not exceed
 * {@link IngestLimits#maxDecompressedBytes()}. Decompression stops as soon as the second limit is
 * passed, so a gzip bomb (a few MB expanding to gigabytes) costs at most that many bytes of memory.
 *
 * <p>Supported encodings: {@code identity} (or none), {@code gzip}/{@code x-gzip}, {@code deflate}
 * (zlib), and comma-separated lists of these applied in order, as RFC 9110 defines.
 */
public final class Payloads {
  private static final int CHUNK = 16 * 1024;

  private Payloads() {}

  /**
   * Decodes a body already in memory.
   *
   * @param contentEncoding the header's value; null or empty means identity
   * @throws PayloadTooLargeException if either size limit is exceeded
   * @throws UnsupportedContentEncodingException for an encoding not listed above
   * @throws InvalidPayloadException if the compressed data is corrupt or truncated
   */
  public static byte[] decode(byte[] body, String contentEncoding, IngestLimits limits) {
    if (body.length > limits.maxBodyBytes()) {
      throw new PayloadTooLargeException("maxBodyBytes", limits.maxBodyBytes(),
          "request body of " + body.length + " bytes");
    }
    String[] codings = codings(contentEncoding);
    if (codings.length == 0) {
      if (body.length > limits.maxDecompressedBytes()) {
        throw new PayloadTooLargeException("maxDecompressedBytes", limits.maxDecompressedBytes(),
            "request body of " + body.length + " bytes");
      }
      return body;
    }
    return read(new ByteArrayInputStream(body), codings, limits);
  }

  /**
   * Reads and decodes a body from a stream, enforcing {@link IngestLimits#maxBodyBytes()} on the raw
   * bytes as they are read. The caller closes the stream.
   */
  public static byte[] read(InputStream body, String contentEncoding, IngestLimits limits) {
    InputStream raw = new LimitedInputStream(body, limits.maxBodyBytes());
    return read(raw, codings(contentEncoding), limits);
  }

  private static byte[] read(InputStream in, String[] codings, IngestLimits limits) {
    String current = "identity";
    try {
      InputStream decoded = in;
      // Codings are listed in the order they were applied, so they are undone last to first.
      for (int i = codings.length - 1; i >= 0; i--) {
        current = codings[i];
        decoded = switch (current) {
          case "gzip", "x-gzip" -> new GZIPInputStream(decoded, CHUNK);
          case "deflate" -> new InflaterInputStream(decoded);
          default -> throw new IllegalStateException(current); // filtered by codings()
        };
      }
      return readLimited(decoded, limits.maxDecompressedBytes(), codings.length > 0);
    } catch (EOFException e) {
      throw new InvalidPayloadException(current + " body is truncated (unexpected end of compressed data)", e);
    } catch (ZipException e) {
      throw new InvalidPayloadException("corrupt " + current + " body: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException("cannot read " + current + " body: " + e.getMessage(), e);
    }
  }

  private static byte[] readLimited(InputStream in, long limit, boolean compressed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
    byte[] buf = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > limit) {
        throw new PayloadTooLargeException("maxDecompressedBytes", limit,
            compressed ? "decompressed request body" : "request body");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static String[] codings(String header) {
    if (header == null || header.isBlank()) {
      return new String[0];
    }
    return java.util.Arrays.stream(header.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty() && !s.equals("identity"))
        .peek(s -> {
          if (!s.equals("gzip") && !s.equals("x-gzip") && !s.equals("deflate")) {
            throw new UnsupportedContentEncodingException(s);
          }
        })
        .toArray(String[]::new);
  }

  /** Counts raw bytes so that a streamed body over the limit fails before it is all read. */
  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limit) {
        throw new PayloadTooLargeException("maxBodyBytes", limit, "request body");
      }
    }
  }
}
