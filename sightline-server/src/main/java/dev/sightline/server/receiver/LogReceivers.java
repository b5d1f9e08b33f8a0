package dev.sightline.server.receiver;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.ingest.DecodeResult;
import dev.sightline.ingest.IngestLimits;
import dev.sightline.ingest.InvalidPayloadException;
import dev.sightline.ingest.PayloadTooLargeException;
import dev.sightline.ingest.Payloads;
import dev.sightline.ingest.logs.ElasticBulkDecoder;
import dev.sightline.ingest.logs.ElasticBulkResult;
import dev.sightline.ingest.logs.LokiPushDecoder;
import dev.sightline.ingest.logs.NdjsonLogDecoder;
import dev.sightline.model.LogRecord;
import dev.sightline.pipeline.QueueFullException;
import dev.sightline.server.http.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The log receivers every common shipper speaks: NDJSON at {@code POST /api/logs}, Elasticsearch
 * {@code _bulk} (Filebeat, Fluent Bit's es output, Vector's elasticsearch sink) with the few
 * read-only Elasticsearch endpoints those clients call first, and Loki's push (JSON, and protobuf + snappy
 * as Promtail and Alloy send it).
 */
public final class LogReceivers {
  /** Elasticsearch clients (the Go client in Filebeat, Vector) check this header to trust the server. */
  private static final String ELASTIC_PRODUCT = "X-Elastic-Product";
  private static final String ES_VERSION = "8.11.0";

  private final Intake<LogRecord> intake;
  private final IngestLimits limits;
  private final NdjsonLogDecoder ndjson;
  private final ElasticBulkDecoder bulk;
  private final LokiPushDecoder loki;
  private final Clock clock;

  public LogReceivers(Intake<LogRecord> intake, IngestLimits limits, Clock clock) {
    this.intake = intake;
    this.limits = limits;
    this.clock = clock;
    this.ndjson = NdjsonLogDecoder.create(limits, clock);
    this.bulk = ElasticBulkDecoder.create(limits, clock);
    this.loki = LokiPushDecoder.create(limits, clock);
  }

  public void bind(ServerBuilder sb) {
    sb.route().post("/api/logs").build((ctx, req) -> HttpResponse.of(req.aggregate().thenCompose(this::ndjson)));
    sb.route().post("/_bulk").build((ctx, req) ->
        HttpResponse.of(req.aggregate().thenCompose(agg -> bulk(agg, null))));
    sb.route().post("/{index}/_bulk").build((ctx, req) ->
        HttpResponse.of(req.aggregate().thenCompose(agg -> bulk(agg, ctx.pathParam("index")))));
    sb.route().post("/loki/api/v1/push").build((ctx, req) -> HttpResponse.of(req.aggregate().thenCompose(this::loki)));
    // What Elasticsearch clients ask before they send: version, health, licence. Read-only and static.
    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/_cluster/health").build((ctx, req) ->
        elastic(HttpStatus.OK, Json.write(Map.of("cluster_name", "sightline", "status", "green",
            "number_of_nodes", 1))));
    sb.route().get("/_license").build((ctx, req) ->
        elastic(HttpStatus.OK, Json.write(Map.of("license", Map.of("status", "active", "type", "basic")))));
  }

  /** The body of Elasticsearch's {@code GET /}, served when a client asks for JSON rather than a page. */
  public static HttpResponse elasticInfo() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("number", ES_VERSION);
    version.put("build_flavor", "default");
    version.put("lucene_version", "9.8.0");
    version.put("minimum_wire_compatibility_version", "7.17.0");
    version.put("minimum_index_compatibility_version", "7.0.0");
    return elastic(HttpStatus.OK, Json.write(Map.of("name", "sightline", "cluster_name", "sightline",
        "version", version, "tagline", "You Know, for Search")));
  }

  private static HttpResponse elastic(HttpStatus status, String json) {
    return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8)
        .add(ELASTIC_PRODUCT, "Elasticsearch").build(), HttpData.ofUtf8(json));
  }

  private CompletableFuture<HttpResponse> ndjson(AggregatedHttpRequest req) {
    return decodeAndSubmit(req, "ndjson", ndjson::decode, result -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("accepted", result.accepted().size());
      body.put("rejected", result.rejected());
      if (!result.errorMessage().isEmpty()) {
        body.put("errors", result.errorMessage());
      }
      return Json.ok(body);
    });
  }

  private CompletableFuture<HttpResponse> loki(AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    Function<DecodeResult<LogRecord>, HttpResponse> ok = result ->
        result.rejected() > 0 && result.accepted().isEmpty()
            ? Json.error(HttpStatus.BAD_REQUEST, result.errorMessage())
            : HttpResponse.of(HttpStatus.NO_CONTENT);
    if (type != null && (type.is(MediaType.PROTOBUF) || type.subtype().contains("protobuf"))) {
      // Promtail and Alloy's default: the body is snappy block data whatever Content-Encoding says (Loki
      // itself ignores the header here), so the header is not applied a second time.
      return decodeAndSubmit(req, null, "loki", loki::decodeProtobuf, ok);
    }
    return decodeAndSubmit(req, req.headers().get(HttpHeaderNames.CONTENT_ENCODING), "loki", loki::decode, ok);
  }

  private CompletableFuture<HttpResponse> decodeAndSubmit(AggregatedHttpRequest req, String protocol,
      Function<byte[], DecodeResult<LogRecord>> decoder, Function<DecodeResult<LogRecord>, HttpResponse> ok) {
    return decodeAndSubmit(req, req.headers().get(HttpHeaderNames.CONTENT_ENCODING), protocol, decoder, ok);
  }

  private CompletableFuture<HttpResponse> decodeAndSubmit(AggregatedHttpRequest req, String contentEncoding,
      String protocol, Function<byte[], DecodeResult<LogRecord>> decoder,
      Function<DecodeResult<LogRecord>, HttpResponse> ok) {
    DecodeResult<LogRecord> result;
    try {
      byte[] body = Payloads.decode(req.content().array(), contentEncoding, limits);
      if (body.length == 0) {
        throw new InvalidPayloadException("empty request body");
      }
      result = decoder.apply(body);
    } catch (PayloadTooLargeException e) {
      intake.refusedWhole(protocol, "too_large");
      return done(Json.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage()));
    } catch (InvalidPayloadException e) {
      intake.refusedWhole(protocol, "invalid");
      return done(Json.error(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
    if (result.accepted().isEmpty()) {
      intake.refusedAll(protocol, result);
      return done(result.rejected() > 0 ? Json.error(HttpStatus.BAD_REQUEST, result.errorMessage()) : ok.apply(result));
    }
    try {
      return intake.submit(protocol, result).handle((v, failure) -> failure == null
          ? ok.apply(result)
          : retry(HttpStatus.SERVICE_UNAVAILABLE, "storage write failed; retry: " + failure.getMessage()));
    } catch (QueueFullException e) {
      return done(retry(e.shuttingDown() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS,
          e.getMessage()));
    }
  }

  private CompletableFuture<HttpResponse> bulk(AggregatedHttpRequest req, String urlIndex) {
    long t0 = clock.millis();
    ElasticBulkResult result;
    try {
      byte[] body = Payloads.decode(req.content().array(), req.headers().get(HttpHeaderNames.CONTENT_ENCODING),
          limits);
      result = bulk.decode(body, urlIndex);
    } catch (PayloadTooLargeException e) {
      intake.refusedWhole("elasticsearch", "too_large");
      return done(elastic(HttpStatus.REQUEST_ENTITY_TOO_LARGE, new String(ElasticBulkResult.requestErrorJson(
          "content_too_long_exception", e.getMessage(), 413), java.nio.charset.StandardCharsets.UTF_8)));
    } catch (InvalidPayloadException e) {
      intake.refusedWhole("elasticsearch", "invalid");
      return done(elastic(HttpStatus.BAD_REQUEST, new String(ElasticBulkResult.requestErrorJson(
          "illegal_argument_exception", e.getMessage(), 400), java.nio.charset.StandardCharsets.UTF_8)));
    }
    ElasticBulkResult decoded = result;
    if (decoded.records().isEmpty()) {
      intake.refusedAll("elasticsearch", decoded.decodeResult());
      return done(bulkResponse(decoded, t0));
    }
    try {
      return intake.submit("elasticsearch", decoded.decodeResult()).handle((v, failure) -> failure == null
          ? bulkResponse(decoded, t0)
          : bulkResponse(decoded.failAccepted(500, "exception", "storage write failed: " + failure.getMessage()), t0));
    } catch (QueueFullException e) {
      // Per-item 429s make Filebeat, Fluent Bit and Vector back off and resend just those items.
      return done(bulkResponse(decoded.failAccepted(429, "es_rejected_execution_exception", e.getMessage()), t0));
    }
  }

  private HttpResponse bulkResponse(ElasticBulkResult r, long t0) {
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON_UTF_8)
        .add(ELASTIC_PRODUCT, "Elasticsearch").build(), HttpData.wrap(r.responseJson(clock.millis() - t0)));
  }

  private static HttpResponse retry(HttpStatus status, String message) {
    return HttpResponse.of(ResponseHeaders.builder(status).add(HttpHeaderNames.RETRY_AFTER, "1")
        .contentType(MediaType.JSON_UTF_8).build(), HttpData.ofUtf8(Json.write(Map.of("error", message,
        "status", status.code()))));
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
