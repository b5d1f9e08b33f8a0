package dev.sightline.server.ship;

import java.io.PrintStream;

/** Line sources for {@link LogShipper} other than files. */
public final class ShipSources {
  private ShipSources() {}

  /** A child process's stdout, echoed to {@code echo}, with a bounded queue of 10,000 lines. */
  public static LogShipper.LineSource processStdout(Process child, PrintStream echo) {
    return new ProcessLines(child.getInputStream(), echo, 10_000);
  }
}
