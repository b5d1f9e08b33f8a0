package dev.sightline.alerting.notify.config;

import dev.sightline.alerting.notify.config.internal.Fields;
import dev.sightline.alerting.notify.config.internal.ReceiverParser;
import dev.sightline.alerting.notify.config.internal.TimeIntervalParser;
import dev.sightline.alerting.notify.config.internal.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Alertmanager configuration ({@code global}, {@code route}, {@code receivers},
 * {@code inhibit_rules}, {@code time_intervals} and the legacy {@code mute_time_intervals}); defaults as
 * Alertmanager: group_wait 30s, group_interval 5m, repeat_interval 4h, resolve_timeout 5m.
 * {@code templates} and {@code tracing} are accepted and ignored with a warning; so are receiver types
 * Sightline does not deliver to (see {@link ReceiverParser#UNSUPPORTED}).
 *
 * <p>Errors are {@link NotifyConfigException}s naming file and line.
 */
public final class NotifyConfigParser {
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TOP = Set.of("global", "route", "receivers", "inhibit_rules", "time_intervals",
      "mute_time_intervals", "templates", "tracing");
  private static final Set<String> ROUTE_KEYS = Set.of("receiver", "group_by", "match", "match_re", "matchers",
      "continue", "group_wait", "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals",
      "routes");
  private static final Set<String> INHIBIT_KEYS = Set.of("source_match", "source_match_re", "source_matchers",
      "target_match", "target_match_re", "target_matchers", "equal");

  private NotifyConfigParser() {}

  public static NotifyConfig parseFile(Path path) throws IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  public static NotifyConfig parse(String yaml, String file) {
    Fields top = new Fields(file, YamlNode.parse(yaml, file), "config");
    top.allowOnly(TOP);
    List<String> warnings = new ArrayList<>();
    for (String ignored : List.of("templates", "tracing")) {
      if (top.has(ignored)) {
        warnings.add(file + ":" + top.line(ignored) + ": " + ignored + " are ignored by Sightline");
      }
    }
    Fields global = new Fields(file, top.has("global") ? top.node("global") : new YamlNode.Scalar("", true, 1), "global");
    Duration resolveTimeout = global.duration("resolve_timeout", DEFAULT_RESOLVE_TIMEOUT);
    Map<String, TimeInterval> intervals = new LinkedHashMap<>();
    for (String key : List.of("time_intervals", "mute_time_intervals")) {
      for (Fields f : top.list(key, key)) {
        TimeInterval ti = TimeIntervalParser.parseNamed(f);
        if (intervals.put(ti.name(), ti) != null) {
          throw f.error("name", "time interval \"" + ti.name() + "\" is not unique");
        }
      }
    }
    Map<String, ReceiverConfig> receivers = new ReceiverParser(global, warnings).parseAll(top.list("receivers", "receiver"));
    if (!top.has("route")) {
      throw new NotifyConfigException(file, 0, "no routes provided");
    }
    Fields root = new Fields(file, top.node("route"), "route");
    if (!root.has("receiver")) {
      throw root.error("receiver", "root route must specify a default receiver");
    }
    if (root.has("match") || root.has("match_re") || root.has("matchers")) {
      throw root.error(root.has("matchers") ? "matchers" : root.has("match") ? "match" : "match_re",
          "root route must not have any matchers");
    }
    if (root.has("mute_time_intervals") || root.has("active_time_intervals")) {
      throw root.error(root.has("mute_time_intervals") ? "mute_time_intervals" : "active_time_intervals",
          "root route must not have any mute or active time intervals");
    }
    if (root.bool("continue", false)) {
      throw root.error("continue", "cannot have continue in root route");
    }
    RouteConfig defaults = new RouteConfig("", null, List.of(), List.of(), false, false, DEFAULT_GROUP_WAIT,
        DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL, List.of(), List.of(), List.of(), 0);
    RouteConfig route = route(root, defaults, true, receivers, intervals);
    List<InhibitRule> inhibit = new ArrayList<>();
    for (Fields f : top.list("inhibit_rules", "inhibit rule")) {
      f.allowOnly(INHIBIT_KEYS);
      List<String> equal = f.strings("equal");
      for (String l : equal) {
        checkLabelName(f, "equal", l);
      }
      inhibit.add(new InhibitRule(matchers(f, "source_"), matchers(f, "target_"), equal));
    }
    return new NotifyConfig(resolveTimeout, route, receivers, inhibit, intervals, warnings);
  }

  private static RouteConfig route(Fields f, RouteConfig parent, boolean root, Map<String, ReceiverConfig> receivers,
                                   Map<String, TimeInterval> intervals) {
    f.allowOnly(ROUTE_KEYS);
    String receiver = f.string("receiver", parent.receiver());
    if (receiver != null && !receivers.containsKey(receiver)) {
      throw f.error("receiver", "undefined receiver \"" + receiver + "\" used in route");
    }
    List<Matcher> matchers = matchers(f, "");
    List<String> groupBy = parent.groupBy();
    boolean groupByAll = parent.groupByAll();
    if (f.has("group_by")) {
      groupBy = f.strings("group_by");
      groupByAll = false;
      Set<String> seen = new HashSet<>();
      for (String l : groupBy) {
        if (l.equals("...")) {
          groupByAll = true;
        } else {
          checkLabelName(f, "group_by", l);
        }
        if (!seen.add(l)) {
          throw f.error("group_by", "duplicated label \"" + l + "\" in group_by");
        }
      }
      if (groupByAll && groupBy.size() > 1) {
        throw f.error("group_by", "cannot have wildcard group_by (`...`) and other other labels at the same time");
      }
      if (groupByAll) {
        groupBy = List.of();
      }
    }
    Duration groupWait = f.duration("group_wait", parent.groupWait());
    Duration groupInterval = f.duration("group_interval", parent.groupInterval());
    Duration repeatInterval = f.duration("repeat_interval", parent.repeatInterval());
    if (groupInterval.isZero()) {
      throw f.error("group_interval", "group_interval cannot be zero");
    }
    if (repeatInterval.isZero()) {
      throw f.error("repeat_interval", "repeat_interval cannot be zero");
    }
    List<String> mute = f.strings("mute_time_intervals");
    List<String> active = f.strings("active_time_intervals");
    for (String name : concat(mute, active)) {
      if (!intervals.containsKey(name)) {
        throw f.error(mute.contains(name) ? "mute_time_intervals" : "active_time_intervals",
            "undefined time interval \"" + name + "\" used in route");
      }
    }
    String key = (root ? "" : parent.key() + "/") + render(matchers);
    RouteConfig self = new RouteConfig(key, receiver, matchers, groupBy, groupByAll, f.bool("continue", false),
        groupWait, groupInterval, repeatInterval, mute, active, List.of(), f.line());
    List<RouteConfig> children = new ArrayList<>();
    for (Fields c : f.list("routes", "route")) {
      children.add(route(c, self, false, receivers, intervals));
    }
    return new RouteConfig(key, receiver, matchers, groupBy, groupByAll, self.continueMatching(), groupWait,
        groupInterval, repeatInterval, mute, active, children, f.line());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Alertmanager's matcher-set rendering used in route keys: sorted, {@code {a="b",c=~"d"}}. */
  static String render(List<Matcher> matchers) {
    List<String> parts = new ArrayList<>();
    matchers.stream().sorted(java.util.Comparator.comparing(Matcher::name).thenComparing(m -> m.op().ordinal())
        .thenComparing(Matcher::value)).forEach(m -> parts.add(m.toString()));
    return "{" + String.join(",", parts) + "}";
  }

  /** {@code prefix}match, {@code prefix}match_re and {@code prefix}matchers, combined. */
  private static List<Matcher> matchers(Fields f, String prefix) {
    List<Matcher> out = new ArrayList<>();
    try {
      f.stringMap(prefix + "match").forEach((k, v) -> {
        checkLabelName(f, prefix + "match", k);
        out.add(Matcher.of(k, Matcher.Op.EQ, v));
      });
    } catch (IllegalArgumentException e) {
      throw f.error(prefix + "match", e.getMessage());
    }
    try {
      f.stringMap(prefix + "match_re").forEach((k, v) -> {
        checkLabelName(f, prefix + "match_re", k);
        out.add(Matcher.of(k, Matcher.Op.RE, v));
      });
    } catch (IllegalArgumentException e) {
      throw f.error(prefix + "match_re", e.getMessage());
    }
    try {
      for (String s : f.strings(prefix + "matchers")) {
        out.addAll(Matcher.parseList(s));
      }
    } catch (IllegalArgumentException e) {
      throw f.error(prefix + "matchers", e.getMessage());
    }
    return out;
  }

  private static void checkLabelName(Fields f, String key, String name) {
    if (!LABEL_NAME.matcher(name).matches()) {
      throw f.error(key, "invalid label name \"" + name + "\" in " + key);
    }
  }
}
