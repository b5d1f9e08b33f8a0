package dev.sightline.ingest.internal;

import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy block-format bodies (Prometheus remote-write, Loki's protobuf push), decompressed within
 * a size limit: the declared length is read from the header first, so a
 * small body that declares gigabytes is refused before any buffer is allocated.
 */
public final class SnappyBlocks {
  private SnappyBlocks() {}

  /**
   * @param maxBytes the largest uncompressed size accepted, named {@code limitName} in the error
   * @param what names the protocol in error messages ("remote-write", "Loki push")
   * @throws PayloadTooLargeException when the declared length is over the limit
   * @throws InvalidPayloadException when the body is not valid snappy block data
   */
  public static byte[] uncompress(byte[] body, long maxBytes, String limitName, String what) {
    int length;
    try {
      length = Snappy.uncompressedLength(body);
    } catch (IOException | RuntimeException e) {
      throw corrupt(what, e);
    }
    if (length < 0 || length > maxBytes) {
      throw new PayloadTooLargeException(limitName, maxBytes,
          "snappy body declaring " + Integer.toUnsignedString(length) + " uncompressed bytes");
    }
    byte[] out = new byte[length];
    int n;
    try {
      n = Snappy.uncompress(body, 0, body.length, out, 0);
    } catch (IOException | RuntimeException e) {
      throw corrupt(what, e);
    }
    if (n != length) {
      throw new InvalidPayloadException("corrupt snappy body: header declares " + length + " bytes but " + n
          + " were decoded");
    }
    return out;
  }

  private static InvalidPayloadException corrupt(String what, Exception e) {
    return new InvalidPayloadException("corrupt snappy body (" + what + " requires the snappy block format): "
        + e.getMessage(), e);
  }
}
