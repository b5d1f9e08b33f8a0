package dev.sightline.ingest;

/** A {@code Content-Encoding} Sightline does not decode; receivers answer 415 with the message. */
public final class UnsupportedContentEncodingException extends InvalidPayloadException {
  public UnsupportedContentEncodingException(String encoding) {
    super("unsupported Content-Encoding '" + encoding + "' (supported: gzip, x-gzip, deflate, identity)");
  }
}
