package dev.sightline.pipeline.sampling;

import dev.sightline.model.Span;
import dev.sightline.pipeline.sampling.internal.DecisionCache;
import dev.sightline.pipeline.sampling.internal.Policy;
import dev.sightline.pipeline.sampling.internal.PolicyFactory;
import dev.sightline.pipeline.sampling.internal.TraceBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tail-based sampling, configured like the OpenTelemetry Collector's {@code tail_sampling} processor.
 *
 * <p><b>Flow.</b> {@link #offer} buffers each span under its trace id and returns the spans that may be
 * stored now; the server calls {@link #flushDue} every second or so, which decides every trace whose
 * first span arrived {@code decision_wait} ago (by the injected clock) and returns the spans of the
 * sampled ones. {@link #flushAll} decides everything at shutdown. Spans of an already decided trace
 * ("late spans") follow its decision at once, for as long as the decision cache remembers it.
 *
 * <p><b>Decision.</b> Every policy is evaluated (stateful ones such as {@code rate_limiting} count
 * only what they sample); then, as the Collector documents: any {@link Decision#INVERTED_NOT_SAMPLED}
 * → not sampled; else any {@link Decision#SAMPLED} → sampled; else any
 * {@link Decision#INVERTED_SAMPLED} with no {@link Decision#NOT_SAMPLED} → sampled; else not sampled.
 * Every policy's decision is counted ({@link #policyDecisions()}).
 *
 * <p><b>Memory bound.</b> At most {@code num_traces} traces and {@code max_memory_bytes} estimated
 * bytes are held. When a new span would exceed either, the oldest traces are decided early, on the
 * spans they have so far (counted by {@link #tracesDecidedEarly()}), rather than dropped unseen as the
 * Collector does: a trace with an error is still kept, only its latest spans may arrive as late spans.
 *
 * <p><b>Head-sampled traffic.</b> A span whose flags carry W3C trace flags with the sampled bit
 * clear ({@code flags != 0 && (flags & 1) == 0}, e.g. OTLP {@code 0x100}: flags known, not sampled) was
 * sampled out upstream; with {@code respect_upstream_sampling} (default) its whole trace is dropped
 * under the pseudo-policy {@value #UPSTREAM}, before policies run, so such a trace never appears in
 * part. Flags {@code 0} mean "unknown" (older SDKs, OTLP's default) and count as sampled; the OTel Java
 * SDK sends {@code 0x101}/{@code 0x301} (sampled, with the is-remote bits), Zipkin spans arrive as 1.
 * Span metrics see these spans anyway, since they run before sampling.
 *
 * <p>Disabled (the default), {@link #offer} returns its input and nothing is held. Thread-safe: all
 * methods take one lock.
 */
public final class TailSampler {
  /** Pseudo-policy name for traces sampled out by a head sampler upstream. */
  public static final String UPSTREAM = "upstream_not_sampled";

  private final TailSamplingConfig config;
  private final Clock clock;
  private final List<Policy> policies;
  private final long waitMs;
  private final LinkedHashMap<String, TraceBuffer> held = new LinkedHashMap<>();
  private final DecisionCache sampledCache;
  private final DecisionCache notSampledCache;
  private final Map<String, long[]> perPolicy = new LinkedHashMap<>();
  private long heldBytes;
  private long heldSpans;
  private long tracesSampled;
  private long tracesNotSampled;
  private long tracesDecidedEarly;
  private long upstreamNotSampledTraces;
  private long spansReleased;
  private long spansDropped;
  private long lateSpansSampled;
  private long lateSpansDropped;

  private TailSampler(TailSamplingConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.policies = PolicyFactory.build(config.policies());
    if (config.enabled() && policies.isEmpty()) {
      throw new IllegalArgumentException("tail_sampling.policies: at least one policy is required when enabled");
    }
    this.waitMs = config.decisionWait().toMillis();
    this.sampledCache = new DecisionCache(config.decisionCache().sampledCacheSize());
    this.notSampledCache = new DecisionCache(config.decisionCache().nonSampledCacheSize());
    for (Policy p : policies) {
      perPolicy.put(p.name(), new long[Decision.values().length]);
    }
  }

  /**
   * A sampler for the configuration.
   *
   * @throws IllegalArgumentException naming the policy and key when the configuration is invalid
   */
  public static TailSampler create(TailSamplingConfig config, Clock clock) {
    return new TailSampler(config, clock);
  }

  /** True when sampling is in effect (the trace view says so). */
  public boolean enabled() {
    return config.enabled();
  }

  /** Buffers the batch; returns the spans to store now (late spans of sampled traces, early decisions). */
  public synchronized List<Span> offer(List<Span> batch) {
    if (!config.enabled()) {
      return batch;
    }
    long now = clock.millis();
    List<Span> out = new ArrayList<>();
    for (Span s : batch) {
      String id = s.traceId();
      if (sampledCache.get(id) != null && !held.containsKey(id)) {
        lateSpansSampled++;
        spansReleased++;
        out.add(s);
        continue;
      }
      if (notSampledCache.get(id) != null && !held.containsKey(id)) {
        lateSpansDropped++;
        spansDropped++;
        continue;
      }
      TraceBuffer t = held.get(id);
      if (t == null) {
        t = new TraceBuffer(id, now);
        held.put(id, t);
      }
      heldBytes += t.add(s, sampledOutUpstream(s));
      heldSpans++;
      while (held.size() > config.numTraces() || heldBytes > config.maxMemoryBytes()) {
        tracesDecidedEarly++;
        decide(held.values().iterator().next(), now, out);
      }
    }
    return out;
  }

  /** Decides every trace whose {@code decision_wait} is over; returns the spans of the sampled ones. */
  public synchronized List<Span> flushDue() {
    long now = clock.millis();
    List<Span> out = new ArrayList<>();
    Iterator<TraceBuffer> it = held.values().iterator();
    // insertion order is first-seen order, so the due traces are at the head
    while (it.hasNext()) {
      TraceBuffer t = it.next();
      if (t.firstSeenMs() + waitMs > now) {
        break;
      }
      it.remove();
      settle(t, now, out);
    }
    return out;
  }

  /** Decides every held trace now (shutdown); returns the spans of the sampled ones. */
  public synchronized List<Span> flushAll() {
    long now = clock.millis();
    List<Span> out = new ArrayList<>();
    for (TraceBuffer t : new ArrayList<>(held.values())) {
      decide(t, now, out);
    }
    return out;
  }

  private void decide(TraceBuffer t, long now, List<Span> out) {
    held.remove(t.traceId());
    settle(t, now, out);
  }

  /** Evaluates the policies on a trace already removed from {@code held}; sampled spans go to {@code out}. */
  private void settle(TraceBuffer t, long now, List<Span> out) {
    heldBytes -= t.bytes();
    heldSpans -= t.spanCount();
    String keptBy = null;
    if (t.upstreamSampledOut() && config.respectUpstreamSampling()) {
      upstreamNotSampledTraces++;
      notSampled(t, UPSTREAM);
      return;
    }
    String invertedBy = null;
    boolean sampled = false;
    boolean invertedSampled = false;
    boolean notSampled = false;
    boolean invertedNotSampled = false;
    for (Policy p : policies) {
      Decision d = p.evaluate(t, now);
      perPolicy.get(p.name())[d.ordinal()]++;
      switch (d) {
        case SAMPLED -> {
          sampled = true;
          if (keptBy == null) {
            keptBy = p.name();
          }
        }
        case INVERTED_SAMPLED -> {
          invertedSampled = true;
          if (invertedBy == null) {
            invertedBy = p.name();
          }
        }
        case NOT_SAMPLED -> notSampled = true;
        case INVERTED_NOT_SAMPLED -> invertedNotSampled = true;
      }
    }
    boolean keep = !invertedNotSampled && (sampled || invertedSampled && !notSampled);
    if (!keep) {
      notSampled(t, "");
      return;
    }
    if (keptBy == null) {
      keptBy = invertedBy; // kept by inverted decisions alone
    }
    tracesSampled++;
    spansReleased += t.spanCount();
    sampledCache.put(t.traceId(), keptBy);
    out.addAll(t.spans());
  }

  private void notSampled(TraceBuffer t, String why) {
    tracesNotSampled++;
    spansDropped += t.spanCount();
    notSampledCache.put(t.traceId(), why);
  }

  private static boolean sampledOutUpstream(Span s) {
    return s.flags() != 0 && (s.flags() & 1) == 0;
  }

  /** The decision on a trace while the decision cache remembers it; empty when undecided or forgotten. */
  public synchronized Optional<TraceDecision> decisionFor(String traceId) {
    String kept = sampledCache.get(traceId);
    if (kept != null) {
      return Optional.of(new TraceDecision(true, kept));
    }
    String dropped = notSampledCache.get(traceId);
    return dropped == null ? Optional.empty() : Optional.of(new TraceDecision(false, dropped));
  }

  /** Decisions per policy (in configuration order) and kind, counted once per trace evaluated. */
  public synchronized Map<String, Map<Decision, Long>> policyDecisions() {
    Map<String, Map<Decision, Long>> out = new LinkedHashMap<>();
    perPolicy.forEach((name, counts) -> {
      Map<Decision, Long> m = new EnumMap<>(Decision.class);
      for (Decision d : Decision.values()) {
        m.put(d, counts[d.ordinal()]);
      }
      out.put(name, m);
    });
    return out;
  }

  /** Final decisions so far: {@code sampled}, {@code not_sampled}, {@code upstream_not_sampled}, {@code decided_early}. */
  public synchronized Map<String, Long> traceDecisions() {
    Map<String, Long> m = new TreeMap<>();
    m.put("sampled", tracesSampled);
    m.put("not_sampled", tracesNotSampled);
    m.put(UPSTREAM, upstreamNotSampledTraces);
    m.put("decided_early", tracesDecidedEarly);
    return m;
  }

  public synchronized int heldTraces() {
    return held.size();
  }

  public synchronized long heldSpans() {
    return heldSpans;
  }

  /** Estimated bytes of the spans held (see {@code max_memory_bytes}). */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  public synchronized long tracesSampled() {
    return tracesSampled;
  }

  /** Traces not sampled, including those sampled out upstream. */
  public synchronized long tracesNotSampled() {
    return tracesNotSampled;
  }

  /** Traces decided before their decision_wait because num_traces or max_memory_bytes was reached. */
  public synchronized long tracesDecidedEarly() {
    return tracesDecidedEarly;
  }

  /** Traces dropped because a head sampler upstream had sampled them out. */
  public synchronized long upstreamNotSampledTraces() {
    return upstreamNotSampledTraces;
  }

  /** Spans handed back to be stored. */
  public synchronized long spansReleased() {
    return spansReleased;
  }

  /** Spans dropped by a not-sampled decision, late ones included. */
  public synchronized long spansDropped() {
    return spansDropped;
  }

  /** Late spans that followed a sampled decision. */
  public synchronized long lateSpansSampled() {
    return lateSpansSampled;
  }

  /** Late spans that followed a not-sampled decision. */
  public synchronized long lateSpansDropped() {
    return lateSpansDropped;
  }
}
