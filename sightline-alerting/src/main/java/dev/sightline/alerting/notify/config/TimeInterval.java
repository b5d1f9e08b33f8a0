package dev.sightline.alerting.notify.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A named recurring schedule in Alertmanager's {@code time_intervals} format: the interval contains an
 * instant when any of its specs does; a spec contains it when every field it sets does (unset fields
 * match always). Also used for recurring silences.
 *
 * <p>Example: {@code weekdays: ['sunday'], times: [{start_time: '02:00', end_time: '04:00'}],
 * location: 'Europe/Berlin'} is every Sunday 02:00-04:00 Berlin time.
 */
public record TimeInterval(String name, List<Spec> specs) {
  public TimeInterval {
    specs = List.copyOf(specs);
  }

  public boolean contains(Instant t) {
    for (Spec s : specs) {
      if (s.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** An inclusive range of integers, as in {@code 'monday:friday'} or {@code '1:5'}; days of month may be negative (from the end). */
  public record Range(int start, int end) {}

  /** Minutes of the day, start inclusive, end exclusive, as Alertmanager's {@code times}. */
  public record TimeRange(int startMinute, int endMinute) {}

  /**
   * @param times minutes-of-day ranges (empty = all day)
   * @param weekdays 0 = Sunday ... 6 = Saturday, as Alertmanager numbers them
   * @param daysOfMonth 1..31 or -31..-1
   * @param months 1..12
   * @param years e.g. 2024
   * @param location the zone the fields are read in (UTC by default)
   */
  public record Spec(List<TimeRange> times, List<Range> weekdays, List<Range> daysOfMonth, List<Range> months,
                     List<Range> years, ZoneId location) {
    public Spec {
      times = List.copyOf(times);
      weekdays = List.copyOf(weekdays);
      daysOfMonth = List.copyOf(daysOfMonth);
      months = List.copyOf(months);
      years = List.copyOf(years);
      location = location == null ? ZoneId.of("UTC") : location;
    }

    public boolean contains(Instant instant) {
      ZonedDateTime t = instant.atZone(location);
      if (!times.isEmpty()) {
        int minute = t.getHour() * 60 + t.getMinute();
        boolean in = false;
        for (TimeRange r : times) {
          in |= minute >= r.startMinute() && minute < r.endMinute();
        }
        if (!in) {
          return false;
        }
      }
      int weekday = t.getDayOfWeek().getValue() % 7;
      if (!weekdays.isEmpty() && !inAny(weekdays, weekday)) {
        return false;
      }
      if (!daysOfMonth.isEmpty()) {
        int len = t.toLocalDate().lengthOfMonth();
        boolean in = false;
        for (Range r : daysOfMonth) {
          int s = r.start() < 0 ? len + r.start() + 1 : r.start();
          int e = r.end() < 0 ? len + r.end() + 1 : r.end();
          in |= t.getDayOfMonth() >= s && t.getDayOfMonth() <= e;
        }
        if (!in) {
          return false;
        }
      }
      if (!months.isEmpty() && !inAny(months, t.getMonthValue())) {
        return false;
      }
      return years.isEmpty() || inAny(years, t.getYear());
    }

    private static boolean inAny(List<Range> ranges, int v) {
      for (Range r : ranges) {
        if (v >= r.start() && v <= r.end()) {
          return true;
        }
      }
      return false;
    }
  }
}
