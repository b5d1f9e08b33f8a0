package dev.sightline.query.lang;

import java.util.Objects;

/** One key of {@code GROUP BY}. Group keys always appear as the first columns of an aggregated result. */
public sealed interface GroupKey permits GroupKey.FieldKey, GroupKey.BucketKey {

  /** The result column: the alias when given, else the field or the normalised expression. */
  String name();

  Position position();

  /** Group by a field's value; rows missing it form the group whose key is null. */
  record FieldKey(String field, String alias, Position position) implements GroupKey {
    public FieldKey {
      Objects.requireNonNull(field, "field");
    }

    @Override
    public String name() {
      return alias != null ? alias : field;
    }
  }

  /**
   * {@code bucket(timestamp, '1m')}: the numeric field floored to a multiple of {@code widthNanos}
   * ({@code floorDiv(v, w) * w}, so buckets align to the epoch). {@code widthText} is the width as written.
   */
  record BucketKey(String field, long widthNanos, String widthText, String alias, Position position)
      implements GroupKey {
    public BucketKey {
      Objects.requireNonNull(field, "field");
      if (widthNanos <= 0) {
        throw new IllegalArgumentException("bucket width must be positive");
      }
    }

    /** The call in normal form: {@code bucket(timestamp, '1m')}. */
    public String expression() {
      return "bucket(" + field + ", '" + widthText + "')";
    }

    @Override
    public String name() {
      return alias != null ? alias : expression();
    }
  }
}
