package dev.sightline.pipeline.redaction;

import dev.sightline.model.Attributes;
import dev.sightline.model.LogRecord;
import dev.sightline.model.Resource;
import dev.sightline.model.Span;
import dev.sightline.model.SpanEvent;
import dev.sightline.model.SpanLink;
import dev.sightline.model.Status;
import dev.sightline.pipeline.redaction.internal.KeyClassifier;
import dev.sightline.pipeline.redaction.internal.Masks;
import dev.sightline.pipeline.redaction.internal.RedactionCounts;
import dev.sightline.pipeline.redaction.internal.ValueScanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Masks secrets in spans and logs before they are stored. Pure and synchronous; thread-safe (the rules
 * are immutable, the counters concurrent).
 *
 * <p><b>What is masked.</b> A value whose key names a secret ({@link RedactionConfig#blockedKeys()})
 * becomes {@code [REDACTED:key:<name>]}, whatever its type. Inside every string value, secrets found by
 * the value rules become {@code [REDACTED:<rule>]} and the rest of the text stays:
 * {@code "paid with 4111 1111 1111 1111"} → {@code "paid with [REDACTED:card]"},
 * {@code "Authorization: Bearer abc..."} → {@code "Authorization: Bearer [REDACTED:bearer]"}. Card
 * numbers are masked whole (no last four digits kept: a partial number still identifies a card holder
 * across services, and nobody debugs with it). In allow-list mode a key not listed for the service
 * becomes {@code [REDACTED:not_allowed]}.
 *
 * <p><b>Where.</b> Span attributes, event attributes, link attributes, resource attributes (never
 * {@code service.name}), the span name and status message (unless {@code scan_span_names: false}:
 * URL-derived names do carry card numbers and tokens), log body and log attributes, and nested values
 * inside lists and key/value lists (key rules apply to nested keys too). The allow-list applies to
 * top-level span, event, link and log attribute keys, not to resource attributes.
 *
 * <p>Unchanged spans and logs are returned as the same instances, so the common case allocates
 * nothing beyond the output list.
 */
public final class Redactor {
  /** Names of the built-in value rules. */
  public static final List<String> VALUE_RULES = ValueScanner.BUILT_IN;
  private static final String NOT_ALLOWED = "not_allowed";
  /** Nesting deeper than this is masked whole rather than walked (hostile input must not overflow the stack). */
  static final int MAX_DEPTH = 32;
  private static final String TOO_DEEP = "too_deep";
  private static final Set<String> NEVER_TOUCHED = Set.of(Resource.SERVICE_NAME);

  private final boolean enabled;
  private final boolean scanNames;
  private final KeyClassifier keys;
  private final ValueScanner values;
  private final Set<String> ignored;
  private final Map<String, Set<String>> allowedByService;
  private final RedactionCounts counts = new RedactionCounts();
  private final LongAdder spansScanned = new LongAdder();
  private final LongAdder logsScanned = new LongAdder();

  private Redactor(RedactionConfig c) {
    this.enabled = c.enabled();
    this.scanNames = c.scanSpanNames();
    this.keys = new KeyClassifier(c.blockedKeys());
    List<String[]> custom = new ArrayList<>();
    for (RedactionConfig.CustomRule r : c.customRules()) {
      custom.add(new String[] {r.name(), r.regex()});
    }
    this.values = new ValueScanner(c.valueRules(), custom);
    Set<String> ign = new HashSet<>(c.ignoredKeys());
    ign.addAll(NEVER_TOUCHED);
    this.ignored = Set.copyOf(ign);
    Map<String, Set<String>> allowed = new HashMap<>();
    c.services().forEach((service, rules) -> {
      if (rules != null && rules.allowedKeys() != null) {
        allowed.put(service, Set.copyOf(rules.allowedKeys()));
      }
    });
    this.allowedByService = Map.copyOf(allowed);
  }

  /**
   * A redactor for the given rules.
   *
   * @throws IllegalArgumentException naming the rule when a value rule is unknown or a regex invalid
   */
  public static Redactor of(RedactionConfig config) {
    return new Redactor(config);
  }

  /** The shipped safe rules. */
  public static Redactor defaults() {
    return of(RedactionConfig.defaults());
  }

  public boolean enabled() {
    return enabled;
  }

  /** The spans with secrets masked, same order; unchanged spans are the same instances. */
  public List<Span> redactSpans(List<Span> spans) {
    if (!enabled) {
      return spans;
    }
    spansScanned.add(spans.size());
    Map<Resource, Resource> resources = new IdentityHashMap<>();
    List<Span> out = new ArrayList<>(spans.size());
    for (Span s : spans) {
      out.add(redact(s, resources));
    }
    return out;
  }

  /** The log records with secrets masked, same order; unchanged records are the same instances. */
  public List<LogRecord> redactLogs(List<LogRecord> logs) {
    if (!enabled) {
      return logs;
    }
    logsScanned.add(logs.size());
    Map<Resource, Resource> resources = new IdentityHashMap<>();
    List<LogRecord> out = new ArrayList<>(logs.size());
    for (LogRecord r : logs) {
      out.add(redact(r, resources));
    }
    return out;
  }

  /** Counts so far, per service and rule. */
  public PrivacyReport report() {
    return new PrivacyReport(counts.entries(), spansScanned.sum(), logsScanned.sum());
  }

  private Span redact(Span s, Map<Resource, Resource> resources) {
    String service = s.serviceName();
    Consumer<String> hit = rule -> counts.hit(service, rule);
    Set<String> allowed = allowedByService.get(service);
    String name = scanNames ? values.scan(s.name(), hit) : s.name();
    Status status = s.status();
    if (scanNames && !status.message().isEmpty()) {
      String m = values.scan(status.message(), hit);
      if (m != status.message()) {
        status = new Status(status.code(), m);
      }
    }
    Attributes attrs = redact(s.attributes(), allowed, hit, 0);
    List<SpanEvent> events = s.events();
    for (int i = 0; i < events.size(); i++) {
      SpanEvent e = events.get(i);
      Attributes ea = redact(e.attributes(), allowed, hit, 0);
      if (ea != e.attributes()) {
        events = events == s.events() ? new ArrayList<>(events) : events;
        events.set(i, new SpanEvent(e.epochNanos(), e.name(), ea, e.droppedAttributesCount()));
      }
    }
    List<SpanLink> links = s.links();
    for (int i = 0; i < links.size(); i++) {
      SpanLink l = links.get(i);
      Attributes la = redact(l.attributes(), allowed, hit, 0);
      if (la != l.attributes()) {
        links = links == s.links() ? new ArrayList<>(links) : links;
        links.set(i, new SpanLink(l.traceId(), l.spanId(), l.traceState(), la, l.droppedAttributesCount()));
      }
    }
    Resource resource = redact(s.resource(), resources, hit);
    if (name == s.name() && status == s.status() && attrs == s.attributes() && events == s.events()
        && links == s.links() && resource == s.resource()) {
      return s;
    }
    return s.toBuilder().name(name).status(status).attributes(attrs).events(events).links(links)
        .resource(resource).build();
  }

  private LogRecord redact(LogRecord r, Map<Resource, Resource> resources) {
    String service = r.serviceName();
    Consumer<String> hit = rule -> counts.hit(service, rule);
    String body = values.scan(r.body(), hit);
    Attributes attrs = redact(r.attributes(), allowedByService.get(service), hit, 0);
    Resource resource = redact(r.resource(), resources, hit);
    if (body == r.body() && attrs == r.attributes() && resource == r.resource()) {
      return r;
    }
    return new LogRecord(r.epochNanos(), r.observedEpochNanos(), r.severityNumber(), r.severityText(),
        body, attrs, resource, r.scope(), r.traceId(), r.spanId(), r.flags());
  }

  // Resources are shared by the spans of a batch: redact each distinct instance once. Hits are counted
  // once per distinct resource per batch, not once per span.
  private Resource redact(Resource res, Map<Resource, Resource> done, Consumer<String> hit) {
    Resource r = done.get(res);
    if (r == null) {
      Attributes a = redact(res.attributes(), null, hit, 0);
      r = a == res.attributes() ? res : new Resource(a);
      done.put(res, r);
    }
    return r;
  }

  /** Same instance when nothing changed. {@code allowed} null means no allow-list. */
  private Attributes redact(Attributes attrs, Set<String> allowed, Consumer<String> hit, int depth) {
    if (attrs.isEmpty()) {
      return attrs;
    }
    Attributes.Builder b = null;
    for (int i = 0, n = attrs.size(); i < n; i++) {
      String key = attrs.keyAt(i);
      Object v = attrs.valueAt(i);
      Object nv = redactEntry(key, v, allowed, hit, depth);
      if (nv != v) {
        if (b == null) {
          b = attrs.toBuilder();
        }
        b.put(key, nv);
      }
    }
    return b == null ? attrs : b.build();
  }

  private Object redactEntry(String key, Object v, Set<String> allowed, Consumer<String> hit, int depth) {
    if (ignored.contains(key)) {
      return v;
    }
    String blocked = keys.match(key);
    if (blocked != null) {
      String rule = "key:" + blocked;
      hit.accept(rule);
      return Masks.of(rule);
    }
    if (allowed != null && !allowed.contains(key)) {
      hit.accept(NOT_ALLOWED);
      return Masks.of(NOT_ALLOWED);
    }
    return redactValue(v, hit, depth);
  }

  private Object redactValue(Object v, Consumer<String> hit, int depth) {
    if (v instanceof String s) {
      return values.scan(s, hit);
    }
    if (depth >= MAX_DEPTH && (v instanceof Attributes || v instanceof List<?>)) {
      hit.accept(TOO_DEEP);
      return Masks.of(TOO_DEEP);
    }
    if (v instanceof Attributes nested) {
      return redact(nested, null, hit, depth + 1);
    }
    if (v instanceof List<?> list) {
      List<Object> copy = null;
      for (int i = 0; i < list.size(); i++) {
        Object o = list.get(i);
        Object n = redactValue(o, hit, depth + 1);
        if (n != o) {
          if (copy == null) {
            copy = new ArrayList<>(list);
          }
          copy.set(i, n);
        }
      }
      return copy == null ? v : copy;
    }
    return v;
  }
}
