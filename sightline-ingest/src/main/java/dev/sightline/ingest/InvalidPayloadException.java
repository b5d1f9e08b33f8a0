package dev.sightline.ingest;

/**
 * The request body could not be decoded: malformed protobuf or JSON, a wrong type, a truncated body.
 * The message names what was wrong and where (a JSON pointer, a field, a line number), so that a
 * receiver can answer 400 with it verbatim.
 */
public class InvalidPayloadException extends RuntimeException {
  public InvalidPayloadException(String message) {
    super(message);
  }

  public InvalidPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
