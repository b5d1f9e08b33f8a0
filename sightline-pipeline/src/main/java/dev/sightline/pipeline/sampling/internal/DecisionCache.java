package dev.sightline.pipeline.sampling.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Trace id → the policy that decided it, least recently used forgotten first. Not thread-safe. */
public final class DecisionCache {
  private final int capacity;
  private final LinkedHashMap<String, String> map;

  public DecisionCache(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > DecisionCache.this.capacity;
      }
    };
  }

  public void put(String traceId, String policy) {
    if (capacity > 0) {
      map.put(traceId, policy);
    }
  }

  /** The deciding policy, or null when the trace is not remembered. */
  public String get(String traceId) {
    return map.get(traceId);
  }

  public int size() {
    return map.size();
  }
}
