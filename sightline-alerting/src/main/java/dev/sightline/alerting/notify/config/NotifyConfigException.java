package dev.sightline.alerting.notify.config;

/**
 * A configuration that cannot be used, with where and what: {@code alertmanager.yml:12: undefined
 * receiver "pager" used in route}. The previous good configuration stays in force.
 */
public final class NotifyConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;
  private final String reason;

  public NotifyConfigException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
