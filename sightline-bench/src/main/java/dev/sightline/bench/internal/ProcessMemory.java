package dev.sightline.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of another process from {@code /proc/<pid>/status}: {@code VmHWM} is the peak
 * resident set since the process started, {@code VmRSS} the current one (both KiB, Linux only).
 */
public record ProcessMemory(long peakKib, long currentKib) {

  /** @return null when the process is gone or this is not Linux */
  public static ProcessMemory read(long pid) {
    try {
      long hwm = -1;
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        } else if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        }
      }
      return hwm < 0 ? null : new ProcessMemory(hwm, rss);
    } catch (IOException e) {
      return null;
    }
  }

  private static long kib(String line) {
    String digits = line.substring(line.indexOf(':') + 1).replace("kB", "").trim();
    return Long.parseLong(digits);
  }

  /**
   * CPU time (user + system) the process has used so far, in milliseconds, from {@code /proc/<pid>/stat};
   * -1 when unreadable. Assumes the usual 100 clock ticks per second.
   */
  public static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public long peakMib() {
    return peakKib / 1024;
  }
}
