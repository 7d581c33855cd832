package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library's bulk indexing (README, "Case library"): every case whose words are missing or come from an
 * older analysis ({@code search_version} below {@link CaseText#VERSION}) is analysed again, 1,000 cases at a
 * time: Kuromoji on the worker pool in parallel slices, then one UPDATE per batch through unnest, while the
 * next batch is read and analysed. Run once at start (in the background), and by the library benchmark. A
 * case edited meanwhile is left as its edit wrote it. Two instances running it at once only repeat work.
 */
public final class CaseIndex {

  private static final Logger LOG = LoggerFactory.getLogger(CaseIndex.class);
  static final int BATCH = 1000;
  /** A run that analysed this many cases ends with VACUUM (ANALYZE) rather than merging the GIN pending list only. */
  static final int VACUUM_AFTER = 10_000;

  private CaseIndex() {
  }

  /**
   * What a run did: cases analysed, the CPU time the analysis took summed over the worker threads, how long
   * the run waited for PostgreSQL once a batch was analysed (0 when the database keeps up), and its wall time.
   */
  public record Run(int cases, long analysisCpuMillis, long writeWaitMillis, long elapsedMillis) {
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One case's text to analyse. */
  private record Text(long id, String text) {
  }

  /** At start: analyses the stale cases in the background (the server answers meanwhile; a failure is logged). */
  public static void start(Vertx vertx, Pool pool) {
    reindex(vertx, pool).onFailure(e -> LOG.warn("case library: analysing cases again failed; the next start tries again", e));
  }

  /** Analyses every stale case, in as many parallel slices as there are cores. */
  public static Future<Run> reindex(Vertx vertx, Pool pool) {
    return reindex(vertx, pool, Runtime.getRuntime().availableProcessors());
  }

  static Future<Run> reindex(Vertx vertx, Pool pool, int slices) {
    long started = System.nanoTime();
    AtomicLong analysis = new AtomicLong();
    AtomicLong waited = new AtomicLong();
    Promise<Integer> done = Promise.promise();
    step(vertx, pool, Math.max(1, slices), analysis, waited, 0L, Future.succeededFuture(), 0, done);
    return done.future().compose(n -> (n == 0 ? Future.succeededFuture()
            // The GIN index's pending list (fastupdate) is merged now rather than by the next searches; after
            // a large run, VACUUM also frees the rows the UPDATEs replaced and gives the planner fresh statistics.
            : pool.query(n >= VACUUM_AFTER ? "VACUUM (ANALYZE) case_study"
                : "SELECT gin_clean_pending_list('case_study_search'::regclass)").execute())
        .map(x -> new Run(n, analysis.get() / 1_000_000, waited.get() / 1_000_000, (System.nanoTime() - started) / 1_000_000)))
        .onSuccess(r -> {
          if (r.cases() > 0) {
            LOG.info("case library: {} cases analysed again (analysis version {}) in {} ms ({} ms CPU analysing, {} ms waiting for the database)",
                r.cases(), CaseText.VERSION, r.elapsedMillis(), r.analysisCpuMillis(), r.writeWaitMillis());
          }
        });
  }

  /** Reads and analyses the batch after {@code last} while {@code writing} (the previous batch's UPDATE) runs. */
  private static void step(Vertx vertx, Pool pool, int slices, AtomicLong analysis, AtomicLong waited, long last,
                           Future<Void> writing, int count, Promise<Integer> done) {
    pool.preparedQuery("""
            SELECT id, title, summary, sections FROM case_study
             WHERE search_version < $1 AND id > $2 ORDER BY id LIMIT $3""")
        .execute(Tuple.of(CaseText.VERSION, last, BATCH))
        .compose(rows -> {
          List<Text> texts = new ArrayList<>(rows.size());
          for (Row r : rows) {
            texts.add(new Text(r.getLong("id"), text(r)));
          }
          return analyse(vertx, texts, slices, analysis).map(words -> new Object[] {texts, words});
        })
        .compose(batch -> {
          long t = System.nanoTime();
          return writing.map(v -> {
            waited.addAndGet(System.nanoTime() - t);
            return batch;
          });
        })
        .onFailure(done::fail)
        .onSuccess(batch -> {
          @SuppressWarnings("unchecked") List<Text> texts = (List<Text>) batch[0];
          String[] words = (String[]) batch[1];
          if (texts.isEmpty()) {
            done.complete(count);
            return;
          }
          step(vertx, pool, slices, analysis, waited, texts.get(texts.size() - 1).id(), write(pool, texts, words), count + texts.size(), done);
        });
  }

  /** The text the library indexes, as {@link CaseJson#searchText} builds it on a save. */
  private static String text(Row r) {
    StringBuilder b = new StringBuilder(r.getString("title")).append('\n').append(r.getString("summary"));
    Object v = r.getValue("sections");
    JsonObject sections = v instanceof JsonObject o ? o : new JsonObject(String.valueOf(v));
    sections.forEach(e -> b.append('\n').append(e.getValue()));
    return b.toString();
  }

  /** Each case's words with their positions as a tsvector's text ({@link CaseText#tsvector}), analysed in parallel slices. */
  private static Future<String[]> analyse(Vertx vertx, List<Text> texts, int slices, AtomicLong analysis) {
    String[] out = new String[texts.size()];
    int per = Math.max(1, (texts.size() + slices - 1) / slices);
    List<Future<Void>> parts = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += per) {
      int start = from;
      int end = Math.min(texts.size(), from + per);
      parts.add(vertx.executeBlocking(() -> {
        long t = THREADS.getCurrentThreadCpuTime();
        for (int i = start; i < end; i++) {
          out[i] = CaseText.tsvector(texts.get(i).text());
        }
        analysis.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime() - t));
        return null;
      }, false));
    }
    return Future.all(parts).map(v -> out);
  }

  private static Future<Void> write(Pool pool, List<Text> texts, String[] words) {
    Long[] ids = texts.stream().map(Text::id).toArray(Long[]::new);
    // A larger GIN pending list for the bulk run: the words are merged into the index in a few large steps
    // (and at the end of the run) instead of every few hundred cases.
    return pool.withTransaction(tx -> tx.query("SET LOCAL gin_pending_list_limit = '64MB'").execute()
        .compose(x -> tx.preparedQuery("""
            UPDATE case_study c SET search_tokens = x.words::tsvector, search_version = $3
              FROM unnest($1::bigint[], $2::text[]) AS x(id, words)
             WHERE c.id = x.id AND c.search_version < $3""")
        .execute(Tuple.of(ids, words, CaseText.VERSION)))).mapEmpty();
  }
}
