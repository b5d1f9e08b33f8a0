package dev.sightline.store.wal;

/** When the write-ahead log forces appended records to stable storage. */
public enum FsyncPolicy {
  /** Fsync once per {@code append} call, before it returns: an acknowledged record survives power loss. */
  ALWAYS,
  /**
   * Never fsync; the operating system writes pages back when it likes. Records survive a process crash
   * but not power loss. Meant for benchmarks and tests, never for production.
   */
  NEVER
}
