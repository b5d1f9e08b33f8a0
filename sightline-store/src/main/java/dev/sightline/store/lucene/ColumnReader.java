package dev.sightline.store.lucene;

import dev.sightline.store.filter.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.util.NumericUtils;

/**
 * Reads a few fields of a segment's documents from doc values instead of decoding stored records: what an
 * aggregation over millions of records needs ({@code percentile(duration_ms, 0.99) ... GROUP BY service}
 * reads two columns, not whole records). A row built here holds only the asked fields, with the values
 * {@link dev.sightline.store.filter.Rows} would give them; when a document's values cannot be told
 * exactly from doc values (several values, whose order doc values do not keep), {@link #row} returns null
 * and the caller decodes the stored record.
 *
 * <p>{@link #open} returns null when the segment cannot serve the fields from doc values at all: a field
 * that holds strings other than the {@link RowFields#GROUPING_KEYWORDS}, or booleans, or that the field
 * budget left unindexed in some record.
 */
final class ColumnReader {
  private final List<Column> columns;

  private ColumnReader(List<Column> columns) {
    this.columns = columns;
  }

  /** A reader of {@code fields} over {@code reader}, or null when a field needs the stored records. */
  static ColumnReader open(LeafReader reader, Set<String> fields, String timestampField) throws IOException {
    List<Column> columns = new ArrayList<>();
    Set<String> canonical = new LinkedHashSet<>();
    for (String f : fields) {
      canonical.add(Fields.canonical(f));
    }
    for (String f : canonical) {
      Set<String> names = new LinkedHashSet<>(fields.stream().filter(x -> Fields.canonical(x).equals(f)).toList());
      names.add(f);
      String[] as = names.toArray(String[]::new);
      if (f.equals(Fields.TIMESTAMP)) {
        columns.add(new Timestamp(as, reader.getNumericDocValues(timestampField)));
        continue;
      }
      if (hasMarker(reader, RowFields.NOT_INDEXED, f) || hasMarker(reader, RowFields.UNINDEXABLE_STRING, f)
          || hasTerms(reader, RowFields.BOOL + f)) {
        return null;
      }
      boolean strings = hasTerms(reader, RowFields.STRING + f);
      if (strings && !RowFields.GROUPING_KEYWORDS.contains(f)) {
        return null;
      }
      SortedNumericDocValues longs = reader.getSortedNumericDocValues(RowFields.LONG + f);
      SortedNumericDocValues doubles = reader.getSortedNumericDocValues(RowFields.DOUBLE + f);
      SortedSetDocValues keywords = strings ? reader.getSortedSetDocValues(RowFields.STRING + f) : null;
      // A segment written before these fields had doc values has the index terms or points but no columns.
      if ((strings && keywords == null) || (longs == null && reader.getPointValues(RowFields.LONG + f) != null)
          || (doubles == null && reader.getPointValues(RowFields.DOUBLE + f) != null)) {
        return null;
      }
      columns.add(new Values(as, longs, doubles, keywords));
    }
    return new ColumnReader(columns);
  }

  /** The asked fields of {@code doc} (in increasing doc order), or null when the stored record must answer. */
  Map<String, Object> row(int doc) throws IOException {
    Map<String, Object> row = new HashMap<>();
    for (Column c : columns) {
      if (!c.read(doc, row)) {
        return null;
      }
    }
    return row;
  }

  private static boolean hasTerms(LeafReader reader, String field) throws IOException {
    Terms t = reader.terms(field);
    return t != null && t.size() != 0;
  }

  private static boolean hasMarker(LeafReader reader, char kind, String field) throws IOException {
    return SegmentMarkers.of(reader).has(RowFields.marker(kind, field));
  }

  private interface Column {
    /** Puts the document's value under the column's names; false when doc values cannot say it exactly. */
    boolean read(int doc, Map<String, Object> row) throws IOException;
  }

  private record Timestamp(String[] names, NumericDocValues values) implements Column {
    @Override
    public boolean read(int doc, Map<String, Object> row) throws IOException {
      if (values != null && values.advanceExact(doc)) {
        Long v = values.longValue();
        for (String n : names) {
          row.put(n, v);
        }
      }
      return true;
    }
  }

  private record Values(String[] names, SortedNumericDocValues longs, SortedNumericDocValues doubles,
                        SortedSetDocValues strings) implements Column {
    @Override
    public boolean read(int doc, Map<String, Object> row) throws IOException {
      Object value = null;
      int found = 0;
      if (longs != null && longs.advanceExact(doc)) {
        found += longs.docValueCount();
        value = longs.nextValue();
      }
      if (doubles != null && doubles.advanceExact(doc)) {
        found += doubles.docValueCount();
        value = NumericUtils.sortableLongToDouble(doubles.nextValue());
      }
      if (strings != null && strings.advanceExact(doc)) {
        found += strings.docValueCount();
        value = strings.lookupOrd(strings.nextOrd()).utf8ToString();
      }
      if (found > 1) {
        return false; // a list: its order is the record's, which doc values do not keep
      }
      if (value != null) {
        for (String n : names) {
          row.put(n, value);
        }
      }
      return true;
    }
  }
}
