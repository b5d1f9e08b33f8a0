package dev.sightline.store.tsdb.chunk;

/** A chunk's bytes do not decode: truncated, or a header that contradicts its content. */
public final class CorruptChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptChunkException(String message) {
    super(message);
  }
}
