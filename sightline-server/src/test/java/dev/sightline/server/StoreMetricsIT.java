package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics reports the event store per dataset: data and WAL bytes, documents, and the WAL's fsyncs. */
class StoreMetricsIT {
  @RegisterExtension static final SightlineExtension sightline = new SightlineExtension("storage.fsync=true");

  @Test
  void eachAcknowledgedWriteIsCoveredByACountedFsync() throws Exception {
    double before = value("sightline_wal_fsyncs_total", "spans");
    for (int i = 0; i < 3; i++) {
      byte[] body = BadInputIT.request(BadInputIT.span("0af7651916cd43dd8448eb211c80319" + i, "b7ad6b716920333" + i)
          .build());
      assertThat(sightline.post(sightline.server().otlpHttpPort(), "/v1/traces", "application/x-protobuf", body)
          .statusCode()).isEqualTo(200);
    }
    // Each request is acknowledged only after an fsync covers it; requests sent one after another cannot
    // share one.
    assertThat(value("sightline_wal_fsyncs_total", "spans")).isGreaterThanOrEqualTo(before + 3);
    for (String dataset : new String[] {"spans", "logs"}) {
      assertThat(value("sightline_wal_size_bytes", dataset)).isNotNegative();
      assertThat(value("sightline_index_size_bytes", dataset)).isNotNegative();
      assertThat(value("sightline_stored_documents", dataset)).isNotNegative();
    }
  }

  private static double value(String name, String dataset) throws Exception {
    String metrics = sightline.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + name + "\\{dataset=\"" + dataset + "\"} (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("%s{dataset=\"%s\"} in /metrics", name, dataset).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
