package org.kakehashi.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.reflections.PhraseRanking;
import org.kakehashi.reflections.PhraseStore;
import org.kakehashi.reflections.Summarizer;
import org.kakehashi.rounds.Round;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Summarising a round of 5,000 reflection notes of about 400 characters of mixed Japanese (profile
 * {@code bench}): the pure summary (Kuromoji, phrases, quotes, groups) on one thread, and the whole
 * {@code GET /api/rounds/{id}/reflections/summary} against the embedded PostgreSQL. Target: under 0.5 s.
 */
@Tag("bench")
class ReflectionBench {

  static final int NOTES = 5_000;
  static final int PER_SESSION = 50;
  static final List<Round.Label> PROMPTS = List.of(new Round.Label("aware", "気づいたこと", "Noticed"),
      new Round.Label("partner", "相手の市から持ち帰ること", "Took home"));

  static final String[] PLACES = {"名取市", "松江市", "裾野市", "北九州市", "盛岡市", "高松市", "那覇市", "金沢市"};
  static final String[] THINGS = {"公民館", "生涯学習センター", "地域包括支援センター", "子育て支援", "オンライン講座", "ボランティア",
      "自治会", "高校生", "図書館", "防災訓練", "サロン活動", "広報紙", "ワークショップ", "Zoom", "LINE公式アカウント", "職員研修"};
  static final String[] FRAMES = {
      "%sの%sでは、%sとの連携がうまくいっていると聞きました。",
      "%sの取り組みから、%sを使った%sのアイデアを持ち帰ります。",
      "私たちの%sでも%sを試したいのですが、%sの担い手が足りないのが課題です😊",
      "%sの職員さんが%sで%sを続けていることに驚きました！",
      "ブレイクアウトルームで%sと%s、そして%sについて話し合いました。",
      "次回は%sの%sに実際に行って、%sの様子を見てみたいです。",
      "Small steps: %sの%sは%sから始まったそうです。"};

  static String text(Random rnd, int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      String f = FRAMES[rnd.nextInt(FRAMES.length)];
      sb.append(String.format(f, pick(rnd), pick(rnd), pick(rnd)));
    }
    return sb.toString();
  }

  static String pick(Random rnd) {
    return rnd.nextInt(3) == 0 ? PLACES[rnd.nextInt(PLACES.length)] : THINGS[rnd.nextInt(THINGS.length)];
  }

  /** The benchmark's notes, participants and pairs (seeded: the same every run). */
  record Corpus(List<Summarizer.Note> notes, List<Summarizer.Participant> people, List<Summarizer.SessionPair> pairs,
                long chars) {
  }

  static Corpus corpus() {
    Random rnd = new Random(7);
    List<Summarizer.Note> notes = new ArrayList<>();
    List<Summarizer.Participant> people = new ArrayList<>();
    List<Summarizer.SessionPair> pairs = new ArrayList<>();
    long chars = 0;
    for (int i = 0; i < NOTES; i++) {
      long session = i / PER_SESSION;
      long center = session * 2 + (i % 2);
      String aware = text(rnd, 250);
      String partner = text(rnd, 150);
      chars += aware.length() + partner.length();
      notes.add(new Summarizer.Note(session, i, "職員" + i, i % 3 == 0, center, i % 2 == 0 ? "youth" : "staff",
          session * 10 + i % 5, Map.of("aware", aware, "partner", partner)));
      people.add(new Summarizer.Participant(session, i, "職員" + i, center, i % 2 == 0 ? "youth" : "staff", session * 10 + i % 5, true));
      if (i % PER_SESSION == 0) {
        pairs.add(new Summarizer.SessionPair(session, List.of(new Summarizer.Center(session * 2, "A", PLACES[(int) session % 8]),
            new Summarizer.Center(session * 2 + 1, "B", PLACES[(int) (session + 3) % 8]))));
      }
    }
    return new Corpus(notes, people, pairs, chars);
  }

  @Test
  void summarise() {
    Corpus corpus = corpus();
    List<Summarizer.Note> notes = corpus.notes();
    List<Summarizer.Participant> people = corpus.people();
    List<Summarizer.SessionPair> pairs = corpus.pairs();
    long chars = corpus.chars();
    BenchReport report = new BenchReport("reflections", "what", "notes", "chars", "ms (best)", "ms (median)", "keyPhrases", "quotes");
    // -Dbench.reflections.quick (or =true) leaves out the pure summary with Kuromoji (a minute on a loaded machine).
    String quick = System.getProperty("bench.reflections.quick");
    if (quick == null || quick.equalsIgnoreCase("false")) {
      long[] ms = new long[5];
      Summarizer.Summary last = null;
      Summarizer.summarize(PROMPTS, notes, people, pairs, Summarizer.Filter.NONE); // warm-up
      for (int r = 0; r < ms.length; r++) {
        long t0 = System.nanoTime();
        last = Summarizer.summarize(PROMPTS, notes, people, pairs, Summarizer.Filter.NONE);
        ms[r] = (System.nanoTime() - t0) / 1_000_000;
      }
      Arrays.sort(ms);
      report.row("Summarizer.summarize (pure, one thread)", NOTES, chars, ms[0], ms[ms.length / 2], last.keyPhrases().size(),
          last.quotes().size());
      assertThat(last.responses()).isEqualTo(NOTES);
      System.out.println("top phrases: " + last.keyPhrases().subList(0, 10));
      System.out.println("quotes: " + last.quotes());
    }

    storedSummary(report, corpus);
    httpSummary(report, notes);
    report.finish();
  }

  /**
   * The pure summary from analyses as the API has them (packed and read back through one dictionary, so a
   * phrase is one string however many notes use it): the summary's own cost, without Kuromoji or the
   * database; less sensitive to a loaded machine than the request, the thread's CPU time beside it.
   */
  private void storedSummary(BenchReport report, Corpus corpus) {
    Map<String, String> dictionary = new java.util.HashMap<>();
    Map<List<Long>, PhraseRanking.Analysis> analyses = new java.util.HashMap<>();
    Map<String, Integer> df = new java.util.HashMap<>();
    for (Summarizer.Note n : corpus.notes()) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      String[] keys = Arrays.stream(a.keyArray()).map(k -> dictionary.computeIfAbsent(k, x -> x)).toArray(String[]::new);
      analyses.put(List.of(n.sessionId(), n.personId()), PhraseRanking.Analysis.unpack(keys, a.pack()));
      a.keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum));
    }
    Summarizer.Context context = new Summarizer.Context(List.of(), List.of(), analyses,
        new PhraseRanking.Background(NOTES, df, Map.of(PhraseRanking.JA, (long) NOTES)), java.util.Set.of());
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] ms = new long[9];
    long[] cpu = new long[ms.length];
    for (int r = -3; r < ms.length; r++) { // three warm-up runs
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Summarizer.summarize(PROMPTS, corpus.notes(), corpus.people(), corpus.pairs(), Summarizer.Filter.NONE, context);
      if (r >= 0) {
        ms[r] = (System.nanoTime() - t0) / 1_000_000;
        cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
      }
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    report.row("Summarizer.summarize, stored analyses (pure; CPU ms " + cpu[0] + " best, " + cpu[cpu.length / 2] + " median)",
        NOTES, corpus.chars(), ms[0], ms[ms.length / 2], "-", "-");

    // Reading the stored analyses back: the bytes as the database holds them, decoded and resolved to keys.
    Map<String, Integer> ids = new java.util.HashMap<>();
    Map<Integer, String> keyOf = new java.util.HashMap<>();
    List<PhraseStore.Stored> stored = new ArrayList<>();
    long bytes = 0;
    for (Summarizer.Note n : corpus.notes()) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      int[] own = Arrays.stream(a.keyArray()).mapToInt(k -> ids.computeIfAbsent(k, x -> {
        keyOf.put(ids.size() + 1, x);
        return ids.size() + 1;
      })).toArray();
      byte[] b = org.kakehashi.reflections.AnalysisBytes.encode(own, a.pack());
      bytes += b.length;
      stored.add(new PhraseStore.Stored(n.sessionId(), n.personId(), b, a.textHash()));
    }
    PhraseStore.Background bg = new PhraseStore.Background(context.background(), keyOf);
    long[] dms = new long[9];
    long[] dcpu = new long[dms.length];
    for (int r = -3; r < dms.length; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<PhraseStore.Decoded> decoded = PhraseStore.decode(stored);
      PhraseStore.ids(decoded);
      assertThat(PhraseStore.unpackDecoded(decoded, bg)).hasSize(NOTES);
      if (r >= 0) {
        dms[r] = (System.nanoTime() - t0) / 1_000_000;
        dcpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
      }
    }
    Arrays.sort(dms);
    Arrays.sort(dcpu);
    report.row("PhraseStore.decode + unpack of the stored bytes (" + bytes / NOTES + " bytes a note; CPU ms " + dcpu[0]
        + " best, " + dcpu[dcpu.length / 2] + " median)", NOTES, "-", dms[0], dms[dms.length / 2], "-", "-");
  }

  /** The CPU time this JVM has used (all its threads), for a figure less sensitive to a loaded machine than the wall clock. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The machine's load average over the last minute (the machine may be shared; say so beside the numbers). */
  static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** The same notes in PostgreSQL, summarised through the API as a coordinator. */
  private void httpSummary(BenchReport report, List<Summarizer.Note> notes) {
    TestServer server = new TestServer();
    server.beforeAll(null);
    try {
      long round = seed(server, notes);
      Api coord = server.coordinator();
      long[] ms = new long[9];
      JsonObject last = null;
      // Warm-up requests before the timed ones (-Dbench.reflections.warmup, 1): on a loaded machine the JIT is still
      // compiling during the first timed requests, and its CPU counts in this JVM's.
      for (int w = Integer.getInteger("bench.reflections.warmup", 1); w > 0; w--) {
        coord.get("/api/rounds/" + round + "/reflections/summary");
      }
      // -Dbench.jfr=FILE records the timed requests with Java Flight Recorder (to see where the time goes).
      jdk.jfr.Recording jfr = null;
      if (System.getProperty("bench.jfr") != null) {
        try {
          jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
          jfr.setDestination(java.nio.file.Path.of(System.getProperty("bench.jfr")));
        } catch (java.io.IOException | java.text.ParseException e) {
          throw new IllegalStateException(e);
        }
        jfr.start();
      }
      long cpu0 = processCpuNanos();
      for (int r = 0; r < ms.length; r++) {
        long t0 = System.nanoTime();
        Api.Res res = coord.get("/api/rounds/" + round + "/reflections/summary");
        ms[r] = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.status()).isEqualTo(200);
        last = res.json();
      }
      long cpuPerRequest = (processCpuNanos() - cpu0) / ms.length / 1_000_000;
      if (jfr != null) {
        jfr.stop();
        jfr.close();
      }
      Arrays.sort(ms);
      assertThat(last.getInteger("responses")).isEqualTo(NOTES);
      int roundChars = last.encode().length();
      // The answer itself, to compare runs (before and after a change of how analyses are stored).
      try {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/bench"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/bench/reflections-round-summary.json"), last.encodePrettily());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      report.row("GET /api/rounds/{id}/reflections/summary (DB + summary + JSON, " + roundChars / 1000 + "k chars; load average "
              + String.format("%.1f", load()) + ", JVM CPU " + cpuPerRequest + " ms a request)", NOTES, "-",
          ms[0], ms[ms.length / 2], last.getJsonArray("keyPhrases").size(), last.getJsonArray("quotes").size());
      long session = server.sql("SELECT id FROM session WHERE round_id = $1 ORDER BY id LIMIT 1", round).iterator().next()
          .getLong("id");
      long[] sms = new long[9];
      JsonObject one = null;
      coord.get("/api/sessions/" + session + "/reflections/summary");
      for (int r = 0; r < sms.length; r++) {
        long t0 = System.nanoTime();
        Api.Res res = coord.get("/api/sessions/" + session + "/reflections/summary");
        sms[r] = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.status()).isEqualTo(200);
        one = res.json();
      }
      Arrays.sort(sms);
      report.row("GET /api/sessions/{id}/reflections/summary (" + one.encode().length() / 1000 + "k chars)", PER_SESSION, "-",
          sms[0], sms[sms.length / 2], one.getJsonArray("keyPhrases").size(), one.getJsonArray("quotes").size());
      System.out.printf("reflections: target %s: summary of %,d notes through the API best %d ms, median %d ms"
              + " (target < 500 ms); load average %.2f on %d cores; this JVM's CPU per request %d ms (server and client,"
              + " PostgreSQL not counted)%n", ms[ms.length / 2] < 500 ? "met" : "MISSED", NOTES,
          ms[0], ms[ms.length / 2], load(), Runtime.getRuntime().availableProcessors(), cpuPerRequest);
      long t0 = System.nanoTime();
      Api.Res csv = coord.get("/api/rounds/" + round + "/reflections.csv");
      long csvMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(csv.status()).isEqualTo(200);
      report.row("GET /api/rounds/{id}/reflections.csv (" + csv.raw().length() / 1024 + " KiB)", NOTES, "-", csvMs, csvMs, "-", "-");
    } finally {
      server.afterAll(null);
    }
  }

  /** The notes as a round of held sessions in the server's database, analysed; returns the round's id. */
  static long seed(TestServer server, List<Summarizer.Note> notes) {
    long round = server.sql("INSERT INTO round (title, starts_on, ends_on, status, prompts) VALUES ('bench', '2026-01-01',"
        + " '2026-12-31', 'running', $1) RETURNING id", new JsonArray(labelsJson(PROMPTS))).iterator().next().getLong("id");
    int sessions = NOTES / PER_SESSION;
    server.sql("INSERT INTO center (code, name, city, prefecture) SELECT 'c' || i, 'センター' || i, 'city' || (i % 40), '県'"
        + " FROM generate_series(0, $1) AS i", sessions * 2 - 1);
    server.sql("INSERT INTO round_center (round_id, center_id) SELECT $1, id FROM center", round);
    List<Long> sessionIds = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      long pair = server.sql("INSERT INTO pair (round_id, score) VALUES ($1, 0) RETURNING id", round).iterator().next().getLong("id");
      server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) SELECT $1, $2, id FROM center WHERE code IN ($3, $4)",
          pair, round, "c" + (2 * s), "c" + (2 * s + 1));
      sessionIds.add(server.sql("INSERT INTO session (round_id, pair_id, starts_at, ends_at, status, held_at) VALUES ($1, $2,"
          + " now() - interval '2 hours', now() - interval '1 hour', 'held', now()) RETURNING id", round, pair)
          .iterator().next().getLong("id"));
    }
    String[] emails = new String[NOTES];
    Long[] sessionOf = new Long[NOTES];
    String[] codes = new String[NOTES];
    JsonObject[] answers = new JsonObject[NOTES];
    for (int i = 0; i < NOTES; i++) {
      Summarizer.Note n = notes.get(i);
      emails[i] = "n" + i + "@bench.example.jp";
      sessionOf[i] = sessionIds.get((int) n.sessionId());
      codes[i] = "c" + n.centerId();
      answers[i] = new JsonObject(new java.util.HashMap<>(n.answers()));
    }
    server.sql("INSERT INTO person (email, name, center_id) SELECT u.e, '職員' || u.ord, c.id"
        + " FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(e, code, ord) JOIN center c ON c.code = u.code", emails, codes);
    server.sql("INSERT INTO registration (session_id, person_id, status, topics) SELECT u.s, p.id, 'confirmed', ARRAY['youth']"
        + " FROM unnest($1::text[], $2::bigint[]) AS u(e, s) JOIN person p ON p.email = u.e", emails, sessionOf);
    server.sql("INSERT INTO reflection (session_id, person_id, answers, visibility, quote_as)"
        + " SELECT u.s, p.id, u.a, 'partners', 'name' FROM unnest($1::text[], $2::bigint[], $3::jsonb[]) AS u(e, s, a)"
        + " JOIN person p ON p.email = u.e", emails, sessionOf, answers);
    // The notes came in by SQL: analyse them here (in parallel), as the first summary's catch-up would,
    // so the timed requests measure the summary with the statistics up to date (README, "Statistics").
    List<Long> personIds = new ArrayList<>();
    server.sql("SELECT p.id FROM unnest($1::text[]) WITH ORDINALITY AS u(e, ord) JOIN person p ON p.email = u.e ORDER BY u.ord",
        (Object) emails).forEach(r -> personIds.add(r.getLong("id")));
    List<PhraseRanking.Analysis> analyses = notes.parallelStream().map(n -> PhraseRanking.Analysis.of(n.answers())).toList();
    for (int from = 0; from < NOTES; from += 1000) {
      int to = Math.min(NOTES, from + 1000);
      PhraseStore.write(server.pool(), Arrays.asList(sessionOf).subList(from, to), personIds.subList(from, to),
          analyses.subList(from, to)).await();
    }
    return round;
  }

  private static List<Map<String, String>> labelsJson(List<Round.Label> labels) {
    return labels.stream().map(l -> Map.of("key", l.key(), "ja", l.ja(), "en", l.en())).toList();
  }
}
