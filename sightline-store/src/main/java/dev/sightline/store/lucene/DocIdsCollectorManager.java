package dev.sightline.store.lucene;

import java.util.Collection;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.ArrayUtil;

/**
 * Collects the (index-wide) ids of every matching document, unscored, in ascending order: for the small
 * exact sets a trace lookup finds, where counting first and then collecting top hits would walk the
 * postings twice and score what needs no score.
 */
final class DocIdsCollectorManager implements CollectorManager<DocIdsCollectorManager.DocIds, int[]> {

  @Override
  public DocIds newCollector() {
    return new DocIds();
  }

  @Override
  public int[] reduce(Collection<DocIds> collectors) {
    int total = 0;
    for (DocIds c : collectors) {
      total += c.size;
    }
    int[] all = new int[total];
    int at = 0;
    for (DocIds c : collectors) {
      System.arraycopy(c.docs, 0, all, at, c.size);
      at += c.size;
    }
    java.util.Arrays.sort(all);
    return all;
  }

  static final class DocIds extends SimpleCollector {
    private int[] docs = new int[16];
    private int size;
    private int docBase;

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
      docBase = context.docBase;
    }

    @Override
    public void collect(int doc) {
      docs = ArrayUtil.grow(docs, size + 1);
      docs[size++] = docBase + doc;
    }

    @Override
    public void setScorer(Scorable scorer) {
      // unscored
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
