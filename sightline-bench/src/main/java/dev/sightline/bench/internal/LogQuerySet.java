package dev.sightline.bench.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The four queries of the logs benchmark, written once per system so that they ask the same question
 * of the same {@link LogGenerator} file, with the i-th parameters (trace ids from the file, token and
 * service pairs, service and level pairs):
 * <ul>
 *   <li>{@code TRACE}: every line of one trace id;</li>
 *   <li>{@code TOKEN}: the newest 100 lines whose message has a token, of one service (checked by count);</li>
 *   <li>{@code COUNT}: the number of lines of one service at one level;</li>
 *   <li>{@code P99}: the 99th percentile of {@code duration_ms} per service, over all lines.</li>
 * </ul>
 * Sightline's percentile is exact (nearest rank); OpenSearch's {@code percentiles} aggregation is a
 * t-digest estimate; the ripgrep pipeline computes the nearest rank with sort and awk.
 */
public final class LogQuerySet {
  public enum Kind { TRACE, TOKEN, COUNT, P99 }

  /** Token and service pairs that match lines (see {@link LogGenerator}'s message templates). */
  static final String[][] TOKEN_SERVICE = {
      {"declined", "payment"}, {"miss", "cart"}, {"retrying", "checkout"}, {"reserved", "inventory"},
      {"slow", "frontend"}, {"expired", "payment"}, {"miss", "users"}, {"slow", "inventory"}};
  static final String[] COUNT_LEVELS = {"WARN", "ERROR"};

  private final List<String> traceIds;

  public LogQuerySet(List<String> traceIds) {
    if (traceIds.isEmpty()) {
      throw new IllegalArgumentException("no trace ids to look up");
    }
    this.traceIds = List.copyOf(traceIds);
  }

  /** The same queries with other trace ids: the warm-up's, so that it reads none of the timed traces' lines. */
  public LogQuerySet withTraceIds(List<String> otherTraceIds) {
    return new LogQuerySet(otherTraceIds);
  }

  private String traceId(int i) {
    return traceIds.get(Math.floorMod(i * 7919, traceIds.size()));
  }

  private static String[] tokenService(int i) {
    return TOKEN_SERVICE[Math.floorMod(i, TOKEN_SERVICE.length)];
  }

  private static String[] serviceLevel(int i) {
    List<String> services = LogGenerator.SERVICES;
    return new String[] {services.get(Math.floorMod(i, services.size())),
        COUNT_LEVELS[Math.floorMod(i / services.size(), COUNT_LEVELS.length)]};
  }

  public String describe(Kind kind, int i) {
    return switch (kind) {
      case TRACE -> traceId(i);
      case TOKEN -> String.join("/", tokenService(i));
      case COUNT -> String.join("/", serviceLevel(i));
      case P99 -> "all";
    };
  }

  /** The Sightline query; {@code forCount} turns the token search into a count of its matches. */
  public String sightline(Kind kind, int i, boolean forCount) {
    return switch (kind) {
      case TRACE -> "trace_id = '" + traceId(i) + "'";
      case TOKEN -> {
        // The search box's form: a bare condition lists matching lines newest first (limit from the request).
        String[] ts = tokenService(i);
        String where = "message CONTAINS '" + ts[0] + "' AND service = '" + ts[1] + "'";
        yield forCount ? "SELECT count(*) FROM logs WHERE " + where : where;
      }
      case COUNT -> {
        String[] sl = serviceLevel(i);
        yield "SELECT count(*) FROM logs WHERE service = '" + sl[0] + "' AND level = '" + sl[1] + "'";
      }
      case P99 -> "SELECT service, percentile(duration_ms, 0.99) FROM logs GROUP BY service";
    };
  }

  /** The {@code limit} of Sightline's request: every line of a trace, the newest 100 token matches. */
  public int sightlineLimit(Kind kind) {
    return kind == Kind.TOKEN ? 100 : 1000;
  }

  public String openSearchPath(Kind kind, boolean forCount) {
    return kind == Kind.COUNT || (forCount && kind == Kind.TOKEN) ? "/logs/_count" : "/logs/_search";
  }

  /** The OpenSearch request body (query DSL). */
  public String openSearch(Kind kind, int i, boolean forCount) {
    return switch (kind) {
      case TRACE -> "{\"query\":{\"term\":{\"trace_id\":\"" + traceId(i) + "\"}},\"size\":1000,"
          + "\"sort\":[{\"timestamp\":\"asc\"}]}";
      case TOKEN -> {
        String[] ts = tokenService(i);
        String query = "{\"bool\":{\"must\":[{\"match\":{\"message\":\"" + ts[0] + "\"}}],"
            + "\"filter\":[{\"term\":{\"service\":\"" + ts[1] + "\"}}]}}";
        yield forCount ? "{\"query\":" + query + "}"
            : "{\"query\":" + query + ",\"size\":100,\"sort\":[{\"timestamp\":\"desc\"}]}";
      }
      case COUNT -> {
        String[] sl = serviceLevel(i);
        yield "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"service\":\"" + sl[0] + "\"}},"
            + "{\"term\":{\"level\":\"" + sl[1] + "\"}}]}}}";
      }
      case P99 -> "{\"size\":0,\"aggs\":{\"s\":{\"terms\":{\"field\":\"service\",\"size\":50},"
          + "\"aggs\":{\"p\":{\"percentiles\":{\"field\":\"duration_ms\",\"percents\":[99]}}}}}}";
    };
  }

  /** The timed ripgrep pipeline over the raw file (its output is what a person would read). */
  public String ripgrep(Kind kind, int i, Path file) {
    String f = quote(file.toString());
    return switch (kind) {
      case TRACE -> "rg -F " + traceId(i) + " " + f;
      case TOKEN -> {
        String[] ts = tokenService(i);
        yield "rg -i -w " + ts[0] + " " + f + " | rg -F '\"service\":\"" + ts[1] + "\"' | tail -n 100";
      }
      case COUNT -> ripgrepCount(kind, i, file);
      case P99 -> "rg -o -N '\"service\":\"([a-z]+)\".*\"duration_ms\":([0-9]+)' -r '$1 $2' " + f
          + " | sort -S 512M -k1,1 -k2,2n | awk '{ n[$1]++; v[$1 \" \" n[$1]] = $2 } END { for (s in n) {"
          + " r = int(0.99 * n[s]); if (r < 0.99 * n[s]) r++; if (r < 1) r = 1; print s, v[s \" \" r] } }'";
    };
  }

  /** A ripgrep pipeline printing the number of matching lines. */
  public String ripgrepCount(Kind kind, int i, Path file) {
    String f = quote(file.toString());
    return switch (kind) {
      case TRACE -> "rg -c -F " + traceId(i) + " " + f;
      case TOKEN -> {
        String[] ts = tokenService(i);
        yield "rg -i -w " + ts[0] + " " + f + " | rg -c -F '\"service\":\"" + ts[1] + "\"'";
      }
      case COUNT -> {
        String[] sl = serviceLevel(i);
        yield "rg -c -F '\"level\":\"" + sl[1] + "\",\"service\":\"" + sl[0] + "\"' " + f;
      }
      case P99 -> throw new IllegalArgumentException("p99 has no count");
    };
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
