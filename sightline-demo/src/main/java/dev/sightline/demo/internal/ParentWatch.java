package dev.sightline.demo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a demo process die with the orchestrator that started it, even when the orchestrator is killed
 * with SIGKILL and its shutdown hook never runs. Every service polls the orchestrator's pid (passed as
 * {@code -Dsightline.demo.parent=PID}); processes we cannot change (the Sightline server) are started
 * through {@link #main}, which runs the command and destroys it when the orchestrator is gone.
 */
public final class ParentWatch {
  /** The system property that carries the orchestrator's pid. */
  public static final String PARENT_PROPERTY = "sightline.demo.parent";
  private static final Duration POLL = Duration.ofMillis(500);

  private ParentWatch() {
  }

  /** Starts a daemon thread that exits this JVM when the pid in {@link #PARENT_PROPERTY} is gone; no-op without it. */
  public static void exitWithParent() {
    String pid = System.getProperty(PARENT_PROPERTY);
    if (pid == null || pid.isBlank()) {
      return;
    }
    long parent = Long.parseLong(pid.trim());
    Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
      awaitGone(parent);
      System.err.println("orchestrator (pid " + parent + ") is gone; exiting");
      Runtime.getRuntime().halt(0); // halt, not exit: a hung shutdown hook must not keep an orphan alive
    });
  }

  /**
   * {@code ParentWatch PID -- COMMAND...}: runs COMMAND with this process's I/O, exits with its code, and
   * destroys it (and its descendants) as soon as PID is gone.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !"--".equals(args[1])) {
      System.err.println("usage: ParentWatch PID -- COMMAND...");
      System.exit(2);
    }
    long parent = Long.parseLong(args[0]);
    List<String> command = new ArrayList<>(List.of(args).subList(2, args.length));
    Process child = new ProcessBuilder(command).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessTree.destroy(child.toHandle())));
    Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
      awaitGone(parent);
      ProcessTree.destroy(child.toHandle());
      Runtime.getRuntime().halt(0);
    });
    System.exit(child.waitFor());
  }

  private static void awaitGone(long pid) {
    while (true) {
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty() || !p.get().isAlive()) {
        return;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
