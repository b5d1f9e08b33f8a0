package dev.sightline.server.ship;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines from a stream (a child process's stdout), echoed to a console so the developer still sees them.
 * The queue between the reader and the shipper is bounded: when Sightline is slow the reader blocks,
 * and so does the child's next write — backpressure instead of unbounded memory.
 */
final class ProcessLines implements LogShipper.LineSource {
  private static final String END = new String("<end>");
  private final BlockingQueue<String> queue;
  private volatile boolean finished;

  ProcessLines(InputStream in, PrintStream echo, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    Thread.ofPlatform().name("sightline-ship-reader").daemon(true).start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (echo != null) {
            echo.println(line);
          }
          if (!line.isBlank()) {
            queue.put(line);
          }
        }
      } catch (IOException e) {
        // the child closed its stdout: treat as the end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          queue.put(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }

  @Override
  public List<String> poll(int max, Duration wait) throws InterruptedException {
    List<String> out = new ArrayList<>();
    String first = wait.isZero() ? queue.poll() : queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null) {
      return out;
    }
    if (first == END) {
      finished = true;
      return out;
    }
    out.add(first);
    while (out.size() < max) {
      String next = queue.poll();
      if (next == null) {
        break;
      }
      if (next == END) {
        finished = true;
        break;
      }
      out.add(next);
    }
    return out;
  }

  @Override
  public boolean finished() {
    return finished && queue.isEmpty();
  }
}
