package dev.sightline.alerting.notify.config.internal;

import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.alerting.notify.config.TimeInterval.Range;
import dev.sightline.alerting.notify.config.TimeInterval.Spec;
import dev.sightline.alerting.notify.config.TimeInterval.TimeRange;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Alertmanager's time interval syntax: times, weekdays, days_of_month, months, years, location. */
public final class TimeIntervalParser {
  private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");
  private static final Set<String> SPEC_KEYS = Set.of("times", "weekdays", "days_of_month", "months", "years", "location");

  private TimeIntervalParser() {}

  /** {@code {name: x, time_intervals: [spec...]}}. */
  public static TimeInterval parseNamed(Fields f) {
    f.allowOnly(Set.of("name", "time_intervals"));
    String name = f.string("name", "");
    if (name.isEmpty()) {
      throw f.error("name", "missing name in time interval");
    }
    List<Spec> specs = new ArrayList<>();
    for (Fields s : f.list("time_intervals", "time interval")) {
      specs.add(spec(s));
    }
    return new TimeInterval(name, specs);
  }

  public static Spec spec(Fields f) {
    f.allowOnly(SPEC_KEYS);
    List<TimeRange> times = new ArrayList<>();
    for (Fields t : f.list("times", "times")) {
      t.allowOnly(Set.of("start_time", "end_time"));
      int start = minute(t, "start_time");
      int end = minute(t, "end_time");
      if (start >= end) {
        throw t.error("start_time", "start time cannot be equal or greater than end time");
      }
      times.add(new TimeRange(start, end));
    }
    List<Range> weekdays = ranges(f, "weekdays", s -> named(s, WEEKDAYS, 0), 0, 6);
    List<Range> days = ranges(f, "days_of_month", Integer::parseInt, -31, 31);
    for (Range r : days) {
      if (r.start() == 0 || r.end() == 0) {
        throw f.error("days_of_month", "0 is not a valid day of the month");
      }
      if (r.start() > 0 && r.end() < 0) {
        // allowed by Alertmanager: 1:-1 means the whole month
        continue;
      }
      if (r.start() > r.end()) {
        throw f.error("days_of_month", "start day cannot be after end day");
      }
    }
    List<Range> months = ranges(f, "months", s -> named(s, MONTHS, 1), 1, 12);
    List<Range> years = ranges(f, "years", Integer::parseInt, 1, 9999);
    ZoneId zone = ZoneId.of("UTC");
    String loc = f.string("location", null);
    if (loc != null) {
      try {
        zone = loc.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(loc);
      } catch (DateTimeException e) {
        throw f.error("location", "unknown time zone location \"" + loc + "\"");
      }
    }
    return new Spec(times, weekdays, days, months, years, zone);
  }

  private static int named(String s, List<String> names, int base) {
    int i = names.indexOf(s.toLowerCase(Locale.ROOT));
    return i >= 0 ? i + base : Integer.parseInt(s);
  }

  private static int minute(Fields t, String key) {
    String s = t.string(key, null);
    if (s == null) {
      throw t.error(key, "missing " + key);
    }
    String[] hm = s.split(":");
    try {
      if (hm.length != 2 || hm[0].length() != 2 || hm[1].length() != 2) {
        throw new NumberFormatException();
      }
      int h = Integer.parseInt(hm[0]);
      int m = Integer.parseInt(hm[1]);
      if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
        throw new NumberFormatException();
      }
      return h * 60 + m;
    } catch (NumberFormatException e) {
      throw t.error(key, "couldn't parse timestamp " + s + ", invalid format (want HH:MM between 00:00 and 24:00)");
    }
  }

  private static List<Range> ranges(Fields f, String key, ToIntFunction<String> parse, int min, int max) {
    List<Range> out = new ArrayList<>();
    for (String s : f.strings(key)) {
      String[] parts = s.split(":", -1);
      if (parts.length > 2) {
        throw f.error(key, "invalid range \"" + s + "\" in " + key);
      }
      try {
        int a = parse.applyAsInt(parts[0].strip());
        int b = parts.length == 2 ? parse.applyAsInt(parts[1].strip()) : a;
        if (a < min || a > max || b < min || b > max) {
          throw f.error(key, key + " value out of range in \"" + s + "\" (allowed " + min + ".." + max + ")");
        }
        if (!key.equals("days_of_month") && a > b) {
          throw f.error(key, "start cannot be after end in \"" + s + "\"");
        }
        out.add(new Range(a, b));
      } catch (NumberFormatException e) {
        throw f.error(key, "invalid " + key + " \"" + s + "\"");
      }
    }
    return out;
  }
}
