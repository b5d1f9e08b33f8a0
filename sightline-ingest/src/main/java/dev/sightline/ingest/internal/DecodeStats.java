package dev.sightline.ingest.internal;

import dev.sightline.ingest.DecodeResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutable tally for one decode call: accepted records, rejections with their reasons, and what the
 * limits dropped. Only the first few reasons are kept so that a hostile body cannot make the error
 * message itself unbounded.
 */
public final class DecodeStats<T> {
  static final int MAX_REASONS = 10;

  private final String noun;
  private final List<T> accepted = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private int rejected;
  private long droppedAttributes;
  private long truncatedValues;
  private long droppedEvents;
  private long droppedLinks;

  /** @param noun plural name of the record kind in messages, e.g. {@code "spans"} */
  public DecodeStats(String noun) {
    this.noun = noun;
  }

  public void accept(T record) {
    accepted.add(record);
  }

  /** Records one rejection; {@code reason} should read "where: what", e.g. "spans[3].traceId: all zeros". */
  public void reject(String reason) {
    rejected++;
    if (reasons.size() < MAX_REASONS) {
      reasons.add(reason);
    }
  }

  public void droppedAttributes(long n) { droppedAttributes += n; }
  public void truncatedValue() { truncatedValues++; }
  public void droppedEvents(long n) { droppedEvents += n; }
  public void droppedLinks(long n) { droppedLinks += n; }

  public int acceptedCount() {
    return accepted.size();
  }

  public int rejectedCount() {
    return rejected;
  }

  public DecodeResult<T> result() {
    String message = "";
    if (rejected > 0) {
      StringBuilder sb = new StringBuilder().append(rejected).append(' ')
          .append(rejected == 1 ? singular() : noun).append(" rejected: ")
          .append(String.join("; ", reasons));
      if (rejected > reasons.size()) {
        sb.append("; and ").append(rejected - reasons.size()).append(" more");
      }
      message = sb.toString();
    }
    return new DecodeResult<>(accepted, rejected, message, droppedAttributes, truncatedValues, droppedEvents,
        droppedLinks);
  }

  private String singular() {
    return noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun;
  }
}
