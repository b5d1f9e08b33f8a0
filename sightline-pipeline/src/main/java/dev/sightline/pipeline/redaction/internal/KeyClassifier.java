package dev.sightline.pipeline.redaction.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether an attribute key names a secret. Keys are split into lowercase segments on
 * {@code . _ -}, spaces, {@code /}, {@code :} and camelCase humps; the key matches a blocked name when
 * its last three, two or one segments, joined with {@code _}, equal it (the longest match names
 * the rule, so {@code set-cookie} reports {@code set_cookie}, not {@code cookie}). So {@code api_key} matches
 * {@code X-Api-Key}, {@code apiKey} and {@code http.request.header.x-api-key}, while
 * {@code password_hash} or {@code gen_ai.usage.input_tokens} do not match {@code password} or
 * {@code token}.
 *
 * <p>Attribute keys repeat endlessly on the ingest path, so answers are cached (a set lookup per key
 * after the first time, no regex); the cache stops growing at a fixed size so hostile key churn costs
 * CPU, never memory.
 */
public final class KeyClassifier {
  private static final int MAX_CACHED = 20_000;
  private static final String NO_MATCH = "";

  private final Set<String> blocked;
  private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

  public KeyClassifier(List<String> blockedKeys) {
    Set<String> s = new HashSet<>();
    for (String k : blockedKeys) {
      List<String> seg = segments(k);
      if (!seg.isEmpty()) {
        s.add(String.join("_", seg));
      }
    }
    this.blocked = Set.copyOf(s);
  }

  /** The normalized blocked name the key matches, or null. */
  public String match(String key) {
    String cached = cache.get(key);
    if (cached != null) {
      return cached.isEmpty() ? null : cached;
    }
    String m = compute(key);
    if (cache.size() < MAX_CACHED) {
      cache.put(key, m == null ? NO_MATCH : m);
    }
    return m;
  }

  private String compute(String key) {
    List<String> seg = segments(key);
    int n = seg.size();
    StringBuilder sb = new StringBuilder();
    for (int take = Math.min(3, n); take >= 1; take--) {
      sb.setLength(0);
      for (int i = n - take; i < n; i++) {
        if (i > n - take) {
          sb.append('_');
        }
        sb.append(seg.get(i));
      }
      String candidate = sb.toString();
      if (blocked.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Lowercase segments of a key: {@code "X-Api-Key"} and {@code "xApiKey"} give {@code [x, api, key]}. */
  static List<String> segments(String key) {
    List<String> out = new ArrayList<>(4);
    StringBuilder cur = new StringBuilder();
    char prev = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean sep = c == '.' || c == '_' || c == '-' || c == ' ' || c == '/' || c == ':';
      if (sep) {
        flush(cur, out);
      } else {
        if (Character.isUpperCase(c) && Character.isLowerCase(prev)) {
          flush(cur, out);
        }
        cur.append(Character.toLowerCase(c));
      }
      prev = c;
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString().toLowerCase(Locale.ROOT));
      cur.setLength(0);
    }
  }
}
