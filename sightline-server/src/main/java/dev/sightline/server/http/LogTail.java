package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.query.lang.ParseException;
import dev.sightline.query.lang.QueryParser;
import dev.sightline.store.EventSearch;
import dev.sightline.store.filter.Filter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/logs/tail?query=<condition>}: new log lines matching a condition, as server-sent
 * events ({@code event: log}, one JSON row each), polled from the store every half second, one second
 * behind the clock so that each line is searchable when its window is read. Lines are selected by their
 * own timestamp, so a line that arrives stamped more than a second in the past is not tailed.
 *
 * <p>Memory per client is bounded: a client that has not consumed what was sent before the next poll
 * finds it is more than {@value #MAX_UNCONSUMED_POLLS} polls behind, gets a final {@code event: dropped}
 * with the reason, and is disconnected — a slow reader can never grow the server's memory.
 */
public final class LogTail {
  static final int MAX_UNCONSUMED_POLLS = 20;
  private static final int MAX_ROWS_PER_POLL = 1000;
  private static final Duration POLL = Duration.ofMillis(500);

  private final EventSearch search;
  private final Clock clock;
  private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1,
      Thread.ofPlatform().name("sightline-tail").daemon(true).factory());

  public LogTail(EventSearch search, Clock clock) {
    this.search = search;
    this.clock = clock;
  }

  public void bind(ServerBuilder sb) {
    sb.route().get("/api/logs/tail").build((ctx, req) -> {
      String text = ctx.queryParam("query");
      Filter filter;
      try {
        filter = text == null || text.isBlank() ? new Filter.MatchAll() : QueryParser.defaults().parseCondition(text);
      } catch (ParseException e) {
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      }
      ctx.clearRequestTimeout(); // a tail lasts as long as the client wants
      HttpResponseWriter res = HttpResponse.streaming();
      res.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM)
          .add("Cache-Control", "no-store").build());
      res.write(HttpData.ofUtf8(": tailing " + (text == null ? "all logs" : text.replace('\n', ' ')) + "\n\n"));
      start(res, filter);
      return res;
    });
  }

  private void start(HttpResponseWriter res, Filter filter) {
    long[] since = {nowNanos() - Duration.ofSeconds(1).toNanos()};
    int[] unconsumedPolls = {0};
    AtomicReference<CompletableFuture<Void>> lastWrite = new AtomicReference<>(CompletableFuture.completedFuture(null));
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    task.set(poller.scheduleWithFixedDelay(() -> {
      if (!res.isOpen()) {
        task.get().cancel(false);
        return;
      }
      try {
        // One second behind now: lines become searchable within the store's refresh interval (<= 1 s).
        long until = nowNanos() - Duration.ofSeconds(1).toNanos();
        if (until <= since[0]) {
          return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Iterator<Map<String, Object>> it = search.search(EventSearch.LOGS, filter, since[0], until, false,
            MAX_ROWS_PER_POLL);
        while (it.hasNext() && rows.size() < MAX_ROWS_PER_POLL) {
          rows.add(it.next());
        }
        since[0] = until;
        if (rows.isEmpty()) {
          res.write(HttpData.ofUtf8(": keep-alive\n\n"));
          return;
        }
        if (!lastWrite.get().isDone() && ++unconsumedPolls[0] > MAX_UNCONSUMED_POLLS) {
          res.write(HttpData.ofUtf8("event: dropped\ndata: " + Json.write(Map.of("reason",
              "the client is reading too slowly; reconnect to continue")) + "\n\n"));
          res.close();
          task.get().cancel(false);
          return;
        }
        if (lastWrite.get().isDone()) {
          unconsumedPolls[0] = 0;
        }
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : rows) {
          sb.append("event: log\ndata: ").append(Json.write(row)).append("\n\n");
        }
        res.write(HttpData.ofUtf8(sb.toString()));
        lastWrite.set(res.whenConsumed());
      } catch (Exception e) {
        res.write(HttpData.ofUtf8("event: error\ndata: " + Json.write(Map.of("error", String.valueOf(e.getMessage())))
            + "\n\n"));
        res.close();
        task.get().cancel(false);
      }
    }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS));
    res.whenComplete().handle((v, t) -> task.get().cancel(false));
  }

  private long nowNanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
