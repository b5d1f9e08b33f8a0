package dev.sightline.alerting.notify;

import dev.sightline.alerting.notify.config.Matcher;
import dev.sightline.alerting.notify.config.TimeInterval;
import dev.sightline.model.metric.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence, as Alertmanager's: alerts matching every matcher are not notified between
 * {@code startsAt} and {@code endsAt}. Sightline adds recurrence: with a non-empty {@code schedule} (the
 * {@code time_intervals} syntax) the silence only mutes while the schedule contains the current instant,
 * e.g. every Sunday 02:00-04:00 Europe/Berlin from startsAt until endsAt (which may be years ahead).
 *
 * <p>JSON shape for the API: {@code {"id", "matchers": [{"name","op","value"}], "startsAt", "endsAt",
 * "createdBy", "comment", "schedule": [{"times":[{"startMinute","endMinute"}], "weekdays":[{"start","end"}],
 * "daysOfMonth", "months", "years", "location"}]}}; {@link SilenceStore#create} accepts the same
 * without id.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, List<TimeInterval.Spec> schedule) {
  public Silence {
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    createdBy = createdBy == null ? "" : createdBy;
    comment = comment == null ? "" : comment;
    schedule = schedule == null ? List.of() : List.copyOf(schedule);
  }

  public enum State { PENDING, ACTIVE, EXPIRED }

  public State state(Instant now) {
    if (!endsAt.isAfter(now)) {
      return State.EXPIRED;
    }
    return startsAt.isAfter(now) ? State.PENDING : State.ACTIVE;
  }

  public boolean recurring() {
    return !schedule.isEmpty();
  }

  /** Mutes at {@code now}: active, and inside its schedule if it has one. */
  public boolean mutesAt(Instant now) {
    if (state(now) != State.ACTIVE) {
      return false;
    }
    return schedule.isEmpty() || new TimeInterval("", schedule).contains(now);
  }

  public boolean mutes(Labels labels, Instant now) {
    return mutesAt(now) && Matcher.all(matchers, labels);
  }
}
