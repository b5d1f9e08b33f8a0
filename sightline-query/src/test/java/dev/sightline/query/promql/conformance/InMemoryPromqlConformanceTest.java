package dev.sightline.query.promql.conformance;

import dev.sightline.model.metric.Labels;
import dev.sightline.query.promql.InMemoryMetricStore;
import dev.sightline.store.metrics.MetricQuerier;

/** The conformance scripts over the in-memory test store. */
class InMemoryPromqlConformanceTest extends PromqlConformanceSuite {
  @Override
  protected ConformanceStorage newStorage() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    return new ConformanceStorage() {
      @Override
      public void append(Labels labels, long timestampMs, double value) {
        store.add(labels, timestampMs, value);
      }

      @Override
      public void clear() {
        store.clear();
      }

      @Override
      public MetricQuerier querier() {
        return store;
      }
    };
  }
}
