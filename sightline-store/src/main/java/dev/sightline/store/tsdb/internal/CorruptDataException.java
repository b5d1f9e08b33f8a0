package dev.sightline.store.tsdb.internal;

/** Bytes of a WAL record, block index or block meta that do not decode; the message says which and where. */
public final class CorruptDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptDataException(String message) {
    super(message);
  }
}
