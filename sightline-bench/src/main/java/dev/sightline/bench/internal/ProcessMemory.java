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
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads {@code VmHWM} and {@code VmRSS} from the text of a {@code /proc/<pid>/status} file.
   *
   * @return null when {@code VmHWM} is absent (a kernel thread, or not Linux)
   * @throws IllegalArgumentException naming the line when a value is not a number of kB
   */
  static ProcessMemory parse(String status) {
    long hwm = -1;
    long rss = -1;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        hwm = kib(line);
      } else if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      }
    }
    return hwm < 0 ? null : new ProcessMemory(hwm, rss);
  }

  private static long kib(String line) {
    String digits = line.substring(line.indexOf(':') + 1).replace("kB", "").trim();
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a size in kB in /proc status line '" + line + "'");
    }
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
