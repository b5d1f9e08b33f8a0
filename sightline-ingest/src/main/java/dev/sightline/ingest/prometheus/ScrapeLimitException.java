package dev.sightline.ingest.prometheus;

import dev.sightline.ingest.InvalidPayloadException;

/** A scrape response exceeded one of {@link ScrapeLimits}; {@link #limitName()} says which. */
public final class ScrapeLimitException extends InvalidPayloadException {
  private final String limitName;

  public ScrapeLimitException(String limitName, String message) {
    super(message);
    this.limitName = limitName;
  }

  public String limitName() {
    return limitName;
  }
}
