package dev.sightline.demo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stops a process and every process below it: politely first (SIGTERM), then by force. */
public final class ProcessTree {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private ProcessTree() {
  }

  /** Destroys {@code root} and its descendants, waiting up to a few seconds before killing the stragglers. */
  public static void destroy(ProcessHandle root) {
    // Collect the tree before the first signal: once a parent dies its children are re-parented and lost.
    List<ProcessHandle> all = new ArrayList<>();
    root.descendants().forEach(all::add);
    all.add(root);
    all.forEach(ProcessHandle::destroy);
    CompletableFuture<?>[] exits = all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
