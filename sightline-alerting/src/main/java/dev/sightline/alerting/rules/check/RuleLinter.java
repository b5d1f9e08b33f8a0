package dev.sightline.alerting.rules.check;

import dev.sightline.alerting.rules.RuleConfig;
import dev.sightline.alerting.rules.RuleFile;
import dev.sightline.alerting.rules.RuleGroupConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "3 AM test" for rules: would this page wake someone for no user-visible reason? Checks are kept
 * conservative so that they never cry wolf:
 * <ul>
 *   <li>{@code pages-on-cause}: severity critical/page, and every metric in the expression is a resource
 *       (cause) metric — CPU, memory, disk/filesystem, GC, load — with no symptom metric beside it;</li>
 *   <li>{@code no-for}: an alerting rule without {@code for}, which pages on a single evaluation;</li>
 *   <li>{@code never-true}: a comparison that cannot hold — constant against constant, {@code > +Inf},
 *       {@code < -Inf}, {@code absent(...)} compared with anything but 1, a counter (or its rate) {@code < 0};</li>
 *   <li>{@code duplicate}: two rules with the same name and labels in one file (promtool's warning).</li>
 * </ul>
 */
public final class RuleLinter {
  private static final Pattern CAUSE = Pattern.compile(
      "node_cpu_.*|process_cpu_.*|container_cpu_.*|container_memory_.*|node_memory_.*|jvm_memory_.*|jvm_gc_.*"
      + "|go_gc_.*|go_memstats_.*|process_resident_memory_bytes|process_virtual_memory_bytes|node_filesystem_.*"
      + "|node_disk_.*|container_fs_.*|node_load.*|system_cpu_.*|system_memory_.*|system_load_.*"
      + "|process_runtime_jvm_.*|jvm_threads_.*|kube_node_status_allocatable.*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2", "start", "end", "step");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern CMP = Pattern.compile("(==|!=|>=|<=|>|<)(\\s*bool)?");
  private static final Pattern NUM = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+|[Ii]nf)");

  private RuleLinter() {}

  public static List<LintWarning> lint(RuleFile file) {
    List<LintWarning> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (RuleGroupConfig g : file.groups()) {
      for (RuleConfig r : g.rules()) {
        Map<String, String> labels = new TreeMap<>(g.labels());
        labels.putAll(r.labels());
        String key = r.name() + labels;
        if (seen.merge(key, 1, Integer::sum) > 1) {
          out.add(w(file, g, r, "duplicate", "duplicate rule: same name and labels as an earlier rule in this file;"
              + " might cause inconsistency while recording expressions"));
        }
        if (!r.isAlerting()) {
          continue;
        }
        String sev = labels.getOrDefault("severity", "").toLowerCase(Locale.ROOT);
        Set<String> metrics = metricNames(r.expr());
        if ((sev.equals("critical") || sev.equals("page")) && !metrics.isEmpty()
            && metrics.stream().allMatch(m -> CAUSE.matcher(m).matches())) {
          out.add(w(file, g, r, "pages-on-cause", "pages (severity " + sev + ") on a cause " + metrics
              + " rather than a symptom users feel (errors, latency, availability); make it a warning or ticket,"
              + " or alert on the symptom"));
        }
        if (r.forDuration().isZero()) {
          out.add(w(file, g, r, "no-for", "alert has no 'for': one bad evaluation (a scrape gap, a restart) notifies;"
              + " add for: of a few evaluation intervals"));
        }
        String never = neverTrue(r.expr());
        if (never != null) {
          out.add(w(file, g, r, "never-true", "expression can never be true: " + never));
        }
      }
    }
    return out;
  }

  private static LintWarning w(RuleFile f, RuleGroupConfig g, RuleConfig r, String code, String msg) {
    return new LintWarning(f.path(), r.line(), g.name(), r.name(), code, msg);
  }

  /** Identifiers that name series: not functions, keywords, label names, grouping lists, strings or durations. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"")
        .replaceAll("\\{[^}]*}", "{}")
        .replaceAll("\\[[^]]*]", "[]")
        .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String id = m.group();
      int end = m.end();
      while (end < s.length() && Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      boolean call = end < s.length() && s.charAt(end) == '(';
      boolean numberPart = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
      if (!call && !numberPart && !KEYWORDS.contains(id.toLowerCase(Locale.ROOT))) {
        out.add(id);
      }
    }
    return out;
  }

  /** A reason when the top-level comparison can never hold, else null. */
  static String neverTrue(String expr) {
    String s = expr.strip().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"")
        .replaceAll("\\s+", " ");
    Matcher m = CMP.matcher(s);
    int depth = 0;
    int at = -1;
    String op = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (depth == 0 && m.find(i) && m.start() == i) {
        if (at >= 0 || m.group(2) != null) {
          return null;
        }
        at = i;
        op = m.group(1);
        i = m.end() - 1;
      }
    }
    if (at < 0 || s.contains(" and ") || s.contains(" or ") || s.contains(" unless ")) {
      return null;
    }
    String lhs = s.substring(0, at).strip();
    String rhs = s.substring(at + op.length()).strip();
    Matcher vec = Pattern.compile("vector\\((.*)\\)").matcher(lhs);
    if (vec.matches() && NUM.matcher(vec.group(1).strip()).matches()) {
      lhs = vec.group(1).strip();
    }
    if (NUM.matcher(lhs).matches() && NUM.matcher(rhs).matches()) {
      double a = num(lhs);
      double b = num(rhs);
      boolean holds = switch (op) {
        case "==" -> a == b;
        case "!=" -> a != b;
        case ">" -> a > b;
        case "<" -> a < b;
        case ">=" -> a >= b;
        default -> a <= b;
      };
      return holds ? null : "the constant comparison " + s.substring(0, at).strip() + " " + op + " " + rhs + " is false";
    }
    if (!NUM.matcher(rhs).matches()) {
      return null;
    }
    double v = num(rhs);
    if (op.equals(">") && v == Double.POSITIVE_INFINITY) {
      return "nothing is greater than +Inf";
    }
    if (op.equals("<") && v == Double.NEGATIVE_INFINITY) {
      return "nothing is less than -Inf";
    }
    if (lhs.matches("absent(_over_time)?\\(.*\\)")) {
      boolean possible = switch (op) {
        case "==" -> v == 1;
        case ">" -> v < 1;
        case ">=" -> v <= 1;
        case "<" -> v > 1;
        case "<=" -> v >= 1;
        default -> true;
      };
      return possible ? null : "absent() only ever returns 1, so " + op + " " + rhs + " cannot hold";
    }
    boolean counter = lhs.matches("[a-zA-Z_:][a-zA-Z0-9_:]*_total(\\{[^}]*})?")
        || lhs.matches("(rate|irate|increase)\\([a-zA-Z_:][a-zA-Z0-9_:]*_total(\\{[^}]*})?\\[[^]]+]\\)");
    if (counter && ((op.equals("<") && v <= 0) || (op.equals("<=") && v < 0))) {
      return "a counter (and its rate) is never negative, so " + op + " " + rhs + " cannot hold";
    }
    return null;
  }

  private static double num(String s) {
    String t = s.replace("+", "").toLowerCase(Locale.ROOT);
    return t.equals("inf") ? Double.POSITIVE_INFINITY : t.equals("-inf") ? Double.NEGATIVE_INFINITY
        : Double.parseDouble(t);
  }
}
