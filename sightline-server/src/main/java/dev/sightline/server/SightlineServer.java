package dev.sightline.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.otlp.OtlpTraceDecoder;
import dev.sightline.ingest.zipkin.ZipkinV2Decoder;
import dev.sightline.model.Span;
import dev.sightline.pipeline.IngestQueue;
import dev.sightline.pipeline.SpanPipeline;
import dev.sightline.pipeline.redaction.Redactor;
import dev.sightline.pipeline.sampling.TailSampler;
import dev.sightline.pipeline.spanmetrics.SpanMetrics;
import dev.sightline.server.config.SightlineConfig;
import dev.sightline.server.http.ErrorBodies;
import dev.sightline.server.http.CardinalityApi;
import dev.sightline.server.http.HealthApi;
import dev.sightline.server.http.PrometheusApi;
import dev.sightline.server.http.Selectors;
import dev.sightline.server.http.MetricsApi;
import dev.sightline.server.http.TraceApi;
import dev.sightline.ingest.prometheus.RemoteWriteDecoder;
import dev.sightline.ingest.prometheus.RemoteWriteLimits;
import dev.sightline.server.alerting.Alerting;
import dev.sightline.server.alerting.AlertingMetrics;
import dev.sightline.server.alerting.AlertsApi;
import dev.sightline.server.logmetrics.LogMetrics;
import dev.sightline.server.receiver.Intake;
import dev.sightline.server.receiver.ServiceRateLimit;
import dev.sightline.server.receiver.MetricsIntake;
import dev.sightline.server.receiver.RemoteWriteReceiver;
import dev.sightline.server.scrape.ScrapeManager;
import dev.sightline.ingest.otlp.metrics.OtlpMetricsOptions;
import dev.sightline.ingest.otlp.metrics.OtlpMetricsTranslator;
import dev.sightline.server.receiver.OtlpGrpcMetricsService;
import dev.sightline.server.receiver.OtlpGrpcTraceService;
import dev.sightline.server.receiver.OtlpGrpcLogsService;
import dev.sightline.server.receiver.LogReceivers;
import dev.sightline.server.http.QueryApi;
import dev.sightline.server.http.LogTail;
import dev.sightline.ingest.otlp.OtlpLogDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.query.lang.QueryPlanner;
import dev.sightline.query.lang.exec.QueryExecutor;
import dev.sightline.server.receiver.OtlpTargets;
import dev.sightline.server.receiver.OtlpHttpReceiver;
import dev.sightline.server.receiver.ZipkinReceiver;
import dev.sightline.server.ui.UiService;
import dev.sightline.store.EventStore;
import dev.sightline.query.promql.PromqlEngine;
import dev.sightline.store.EventStoreBuilder;
import dev.sightline.store.chunk.ChunkEventStore;
import dev.sightline.store.lucene.LuceneEventStore;
import dev.sightline.store.tsdb.Tsdb;
import dev.sightline.store.tsdb.TsdbLimits;
import dev.sightline.store.wal.FsyncPolicy;
import dev.sightline.store.wal.WalOptions;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Sightline process: storage, the ingest queues, and a listener per port (UI and APIs, OTLP/gRPC,
 * OTLP/HTTP, Zipkin) sharing one set of event loops. Built from a {@link SightlineConfig}; nothing
 * opens until {@link #start()}. {@link #close()} shuts down in order: stop accepting, drain the
 * queues into storage, commit, close.
 */
public final class SightlineServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SightlineServer.class);

  private final SightlineConfig config;
  private final Clock clock;
  private final SelfMetrics metrics = new SelfMetrics();
  private final List<Server> servers = new ArrayList<>();
  private EventLoopGroup eventLoops;
  private EventStore store;
  private Tsdb tsdb;
  private Alerting alerting;
  private LogMetrics logMetrics;
  private Redactor redactor;
  private SpanMetrics spanMetrics;
  private TailSampler sampler;
  private SpanPipeline spanPipeline;
  private java.util.concurrent.ScheduledExecutorService maintenance;
  private MetricsIntake metricsIntake;
  private dev.sightline.server.http.MetricMetadataStore metricMetadata;
  private ScrapeManager scrapes;
  private PromqlEngine promql;
  private IngestQueue<Span> spanQueue;
  private IngestQueue<LogRecord> logQueue;
  private Server httpServer;
  private Server grpcServer;
  private Server otlpHttpServer;
  private Server zipkinServer;
  private volatile boolean closed;

  private SightlineServer(SightlineConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public static SightlineServer create(SightlineConfig config, Clock clock) {
    return new SightlineServer(config, clock);
  }

  /** What every event store takes from {@code storage:}: data directory, clock, retention, commits, WAL. */
  private <B extends EventStoreBuilder<B>> B storage(B builder, SightlineConfig.Storage sc) {
    return builder.dataDir(sc.dataDir())
        .clock(clock)
        .retention(sc.retention())
        .retention("spans", retentionOf("spans"))
        .retention("logs", retentionOf("logs"))
        .commitInterval(sc.commitInterval())
        .walOptions(WalOptions.builder().fsyncPolicy(sc.fsync() ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER).build());
  }

  public SightlineServer start() throws IOException {
    SightlineConfig.Storage sc = config.storage();
    java.util.function.Function<String, dev.sightline.store.RetentionPolicy> retentionPolicy;
    if (SightlineConfig.Storage.CHUNKS.equals(sc.engine())) {
      ChunkEventStore chunks = storage(ChunkEventStore.builder(), sc).build();
      store = chunks;
      retentionPolicy = chunks::retentionPolicy;
      StoreMetrics.register(metrics, () -> chunks.stats().stream().map(c -> new StoreMetrics.Sizes(c.dataset(),
          c.chunkBytes(), c.walSizeBytes(), c.records(), c.days(), c.lastCommit(), c.walFsyncs())).toList());
    } else {
      LuceneEventStore lucene = storage(LuceneEventStore.builder(), sc).refreshInterval(sc.refreshInterval()).build();
      store = lucene;
      retentionPolicy = lucene::retentionPolicy;
      StoreMetrics.register(metrics, () -> lucene.stats().stream().map(l -> new StoreMetrics.Sizes(l.dataset(),
          l.indexSizeBytes(), l.walSizeBytes(), l.documentCount(), l.dayIndices(), l.lastCommit(), l.walFsyncs()))
          .toList());
    }
    store.start();
    startMetricsStore();

    SightlineConfig.Ingest ic = config.ingest();
    redactor = Redactor.of(config.redaction());
    spanMetrics = SpanMetrics.create(config.spanMetrics(), clock);
    sampler = TailSampler.create(config.tailSampling(), clock);
    spanPipeline = new SpanPipeline(redactor, spanMetrics, sampler, store.spanConsumer());
    // Encoding and indexing are CPU work; the store and processors are thread-safe, so use every core.
    int writers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    spanQueue = IngestQueue.builder("spans", spanPipeline)
        .capacityItems(ic.queueCapacity())
        .writers(writers)
        .build()
        .start();
    dev.sightline.store.LogConsumer logStore = store.logConsumer();
    logMetrics = LogMetrics.of(config.logMetrics());
    logQueue = IngestQueue.<LogRecord>builder("logs", batch -> {
      List<LogRecord> clean = redactor.redactLogs(batch);
      logMetrics.consume(clean);
      logStore.accept(clean);
    })
        .capacityItems(ic.queueCapacity())
        .writers(writers)
        .build()
        .start();
    QueueMetrics.register(metrics, Map.of("spans", spanQueue, "logs", logQueue));

    IngestLimits limits = IngestLimits.builder()
        .maxBodyBytes(ic.maxBodySize().bytes())
        .maxDecompressedBytes(ic.maxDecompressedSize().bytes())
        .maxAttributesPerSpan(ic.maxAttributesPerSpan())
        .maxAttributeValueLength(ic.maxAttributeValueLength())
        .maxEventsPerSpan(ic.maxEventsPerSpan())
        .maxLinksPerSpan(ic.maxLinksPerSpan())
        .build();
    Intake<Span> spans = new Intake<>("spans", spanQueue, metrics);
    ServiceRateLimit logLimit = ic.logRateLimitPerService() > 0
        ? new ServiceRateLimit(ic.logRateLimitPerService(), ic.logBurstPerService(), clock) : null;
    Intake<LogRecord> logs = new Intake<>("logs", logQueue, metrics, logLimit, LogRecord::serviceName);
    OtlpLogDecoder otlpLogs = OtlpLogDecoder.create(limits, clock);
    OtlpHttpReceiver<?> otlpHttpLogs = new OtlpHttpReceiver<>(OtlpTargets.queued(logs,
        otlpLogs::decodeProtobuf, otlpLogs::decodeJson, OtlpLogDecoder::response), limits,
        SightlineServer::otlpJson);
    OtlpTraceDecoder otlpTraces = OtlpTraceDecoder.create(limits, clock);
    ZipkinV2Decoder zipkin = ZipkinV2Decoder.create(limits, clock);
    OtlpHttpReceiver<?> otlpHttpTraces = new OtlpHttpReceiver<>(OtlpTargets.queued(spans,
        otlpTraces::decodeProtobuf, otlpTraces::decodeJson, OtlpTraceDecoder::response), limits,
        SightlineServer::otlpJson);
    ZipkinReceiver zipkinReceiver = new ZipkinReceiver(spans, zipkin::decode, limits);

    SightlineConfig.Server srv = config.server();
    eventLoops = EventLoopGroups.newEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
    // Armeria enforces the raw body limit as it reads; Payloads enforces the decompressed one.
    long maxRequest = ic.maxBodySize().bytes();

    ServerBuilder http = newServer(srv.httpPort(), maxRequest);
    http.service("/v1/traces", otlpHttpTraces);
    http.service("/v1/logs", otlpHttpLogs);
    new LogReceivers(logs, limits, clock).bind(http);
    new QueryApi(QueryPlanner.defaults(), QueryExecutor.builder().clock(clock).build(), store.eventSearch(),
        store.spanStore(), clock, metrics).bind(http);
    new LogTail(store.eventSearch(), clock).bind(http);
    http.route().get("/api/retention").build((ctx, req) -> dev.sightline.server.http.Json.ok(java.util.Map.of(
        "logs", retentionPolicy.apply("logs"), "spans", retentionPolicy.apply("spans"))));
    http.service("/api/v2/spans", zipkinReceiver);
    new TraceApi(store.spanStore(), metrics, sampler).bind(http);
    new dev.sightline.server.http.ExemplarsApi(spanMetrics::exemplars).bind(http);
    http.route().get("/api/privacy").build((ctx, req) -> dev.sightline.server.http.Json.ok(redactor.report()));
    ProcessingMetrics.register(metrics, redactor, spanMetrics, sampler);
    bindMetricsApis(http);
    OtlpMetricsTranslator otlpMetrics = OtlpMetricsTranslator.create(
        OtlpMetricsOptions.builder().ingestLimits(limits).build());
    OtlpHttpReceiver<?> otlpHttpMetrics = new OtlpHttpReceiver<>(OtlpTargets.metrics(otlpMetrics, metricsIntake),
        limits, SightlineServer::otlpJson);
    http.service("/v1/metrics", otlpHttpMetrics);
    new HealthApi(this::readiness).bind(http);
    new MetricsApi(metrics.registry()).bind(http);
    new UiService(this).bind(http);
    httpServer = http.build();

    ServerBuilder otlpHttp = newServer(srv.otlpHttpPort(), maxRequest);
    otlpHttp.service("/v1/traces", otlpHttpTraces);
    otlpHttp.service("/v1/logs", otlpHttpLogs);
    otlpHttp.service("/v1/metrics", otlpHttpMetrics);
    otlpHttpServer = otlpHttp.build();

    ServerBuilder grpc = newServer(srv.otlpGrpcPort(), maxRequest);
    grpc.service(GrpcService.builder()
        .addService(new OtlpGrpcTraceService(spans, otlpTraces))
        .addService(new OtlpGrpcLogsService(logs, otlpLogs))
        .addService(new OtlpGrpcMetricsService(otlpMetrics, metricsIntake,
            com.linecorp.armeria.common.CommonPools.blockingTaskExecutor()))
        .maxRequestMessageLength(ic.maxDecompressedSize().toIntBytes())
        .build());
    grpcServer = grpc.build();

    ServerBuilder zip = newServer(srv.zipkinPort(), maxRequest);
    zip.service("/api/v2/spans", zipkinReceiver);
    zipkinServer = zip.build();

    servers.addAll(List.of(httpServer, grpcServer, otlpHttpServer, zipkinServer));
    try {
      CompletableFuture.allOf(servers.stream().map(Server::start).toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      close();
      throw new IOException("could not start listeners (is a port in use?): " + rootMessage(e), e);
    }
    startScraping();
    startMaintenance();
    return this;
  }

  private void startMetricsStore() throws IOException {
    SightlineConfig.Metrics mc = config.metrics();
    tsdb = Tsdb.builder()
        .dataDir(config.storage().dataDir().resolve("metrics"))
        .clock(clock)
        .retentionTime(mc.retention())
        .retentionSize(mc.retentionSize().bytes())
        .blockDuration(mc.blockDuration())
        .limits(TsdbLimits.builder()
            .maxSeriesPerMetric(mc.maxSeriesPerMetric())
            .maxLabelsPerSeries(mc.maxLabelsPerSeries())
            .maxLabelValueLength(mc.maxLabelValueLength())
            .build())
        .walOptions(WalOptions.builder()
            .fsyncPolicy(config.storage().fsync() ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER).build())
        .build();
    tsdb.start();
    TsdbMetrics.register(metrics, tsdb);
    promql = PromqlEngine.builder(tsdb.querier())
        .clock(clock)
        .lookbackDelta(mc.lookbackDelta())
        .timeout(mc.queryTimeout())
        .maxSamples(mc.maxSamplesPerQuery())
        .build();
  }

  private String externalHost() {
    return config.server().host().equals("0.0.0.0") ? "localhost" : config.server().host();
  }

  private void bindMetricsApis(ServerBuilder http) throws IOException {
    metricMetadata = new dev.sightline.server.http.MetricMetadataStore();
    metricsIntake = new MetricsIntake(tsdb, metrics, 8, Duration.ofSeconds(5), metricMetadata::record);
    http.service("/api/v1/write", new RemoteWriteReceiver(
        RemoteWriteDecoder.create(RemoteWriteLimits.defaults()), metricsIntake));
    new PrometheusApi(promql, tsdb.querier(), clock, metrics, Selectors::parse, metricMetadata).bind(http);
    new CardinalityApi(tsdb).bind(http);
    alerting = Alerting.start(config, tsdb, promql, clock, "http://" + externalHost() + ":" + config.server().httpPort());
    new AlertsApi(alerting, clock).bind(http);
    AlertingMetrics.register(metrics, alerting);
    scrapes = new ScrapeManager(metricsIntake, clock);
    http.route().get("/api/v1/targets").build((ctx, req) -> dev.sightline.server.http.Json.ok(java.util.Map.of(
        "status", "success", "data", java.util.Map.of("activeTargets", scrapes.activeTargets(),
            "droppedTargets", java.util.List.of()))));
    dev.sightline.server.probe.ProbeApi.bind(http, dev.sightline.server.probe.Prober.of(config.probes(),
        fill -> metricsIntake.write("probe", fill), clock));
  }

  /** Periodic work: span-derived metrics into the TSDB every 15 s, tail-sampling decisions every second. */
  private void startMaintenance() {
    maintenance = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("sightline-maintenance").daemon(true).factory());
    maintenance.scheduleWithFixedDelay(this::flushSpanMetrics, 15, 15, java.util.concurrent.TimeUnit.SECONDS);
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        alerting.tick();
      } catch (RuntimeException e) {
        log.error("notification delivery round failed", e);
      }
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    if (sampler.enabled()) {
      maintenance.scheduleWithFixedDelay(() -> {
        try {
          spanPipeline.flushDue();
        } catch (IOException | RuntimeException e) {
          log.error("storing sampled traces failed", e);
        }
      }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Writes the span-derived metrics' current values; public so tests need not wait 15 s. */
  public void flushSpanMetrics() {
    try {
      spanMetrics.flush(tsdb.appender(), clock.millis());
      if (!logMetrics.isEmpty()) {
        logMetrics.flush(tsdb.appender(), clock.millis());
      }
    } catch (IOException | RuntimeException e) {
      log.error("writing span or log metrics failed", e);
    }
  }

  /** Starts scraping the configured targets; called once the listeners are up. */
  private void startScraping() {
    SightlineConfig.Global g = config.global();
    scrapes.apply(config.scrapeConfigs(), g.scrapeInterval(), g.scrapeTimeout());
  }

  /** Rules and notifications. */
  public Alerting alerting() {
    return alerting;
  }

  /** The metrics store, for receivers and rules that write samples. */
  public Tsdb tsdb() {
    return tsdb;
  }

  private dev.sightline.store.RetentionPolicy retentionOf(String dataset) {
    SightlineConfig.DatasetRetention r = config.storage().datasets().get(dataset);
    dev.sightline.store.RetentionPolicy p = dev.sightline.store.RetentionPolicy.of(
        r == null || r.retention() == null ? config.storage().retention() : r.retention());
    if (r != null) {
      for (var e : r.perService().entrySet()) {
        p = p.withService(e.getKey(), e.getValue());
      }
    }
    return p;
  }

  private ServerBuilder newServer(int port, long maxRequestLength) {
    return Server.builder()
        .http(new InetSocketAddress(config.server().host(), port))
        .workerGroup(eventLoops, false)
        .maxRequestLength(maxRequestLength)
        .requestTimeout(Duration.ofSeconds(60))
        .gracefulShutdownTimeout(Duration.ZERO, config.server().shutdownGrace())
        .errorHandler(new ErrorBodies(config.ingest().maxBodySize().bytes()));
  }

  /** Readiness: storage writable and its write-ahead log healthy. Nothing external counts. */
  private dev.sightline.store.CheckResult readiness() {
    if (closed) {
      return dev.sightline.store.CheckResult.failed("shutting down");
    }
    dev.sightline.store.CheckResult events = store.check();
    if (!events.ok()) {
      return events;
    }
    return tsdb.check();
  }

  public int httpPort() {
    return httpServer.activeLocalPort();
  }

  public int otlpGrpcPort() {
    return grpcServer.activeLocalPort();
  }

  public int otlpHttpPort() {
    return otlpHttpServer.activeLocalPort();
  }

  public int zipkinPort() {
    return zipkinServer.activeLocalPort();
  }

  public SightlineConfig config() {
    return config;
  }

  public SelfMetrics metrics() {
    return metrics;
  }

  /** Where each listener is, for the start-up banner. */
  public String banner(String version) {
    String host = config.server().host().equals("0.0.0.0") ? "localhost" : config.server().host();
    return String.join("\n",
        "Sightline " + version + " is running",
        "  UI and HTTP APIs  http://" + host + ":" + httpPort() + "/",
        "  OTLP/gRPC         " + host + ":" + otlpGrpcPort(),
        "  OTLP/HTTP         http://" + host + ":" + otlpHttpPort() + "/v1/traces",
        "  Zipkin v2         http://" + host + ":" + zipkinPort() + "/api/v2/spans",
        "  Data directory    " + config.storage().dataDir().toAbsolutePath().normalize(),
        "Press Ctrl-C to stop.");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down: no new requests; draining ingest queues into storage");
    long t0 = System.nanoTime();
    try {
      CompletableFuture.allOf(servers.stream().map(Server::stop).toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      log.warn("a listener did not stop cleanly", e);
    }
    log.info("listeners stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    if (maintenance != null) {
      maintenance.shutdownNow();
    }
    if (alerting != null) {
      alerting.close();
    }
    if (scrapes != null) {
      scrapes.close();
    }
    if (spanQueue != null) {
      spanQueue.close(config.server().shutdownGrace());
      logQueue.close(config.server().shutdownGrace());
      try {
        spanPipeline.flushAll();
      } catch (IOException e) {
        log.error("storing the traces held for sampling failed at shutdown", e);
      }
      flushSpanMetrics();
    }
    try {
      if (store != null) {
        store.close();
      }
      if (tsdb != null) {
        tsdb.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("storage did not close cleanly", e);
    }
    if (eventLoops != null) {
      eventLoops.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
    log.info("Sightline stopped");
  }

  private static String otlpJson(Message m) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
