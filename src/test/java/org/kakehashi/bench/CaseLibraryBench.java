package org.kakehashi.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.cases.CaseText;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case library at scale (profile {@code bench}): 100,000 synthetic cases of realistic Japanese text over
 * the real municipalities (500 centers, 200 rounds of 250 pairs), indexed the way the API indexes a case
 * (Kuromoji words → tsvector, GIN), then 1,000 varied searches with filters through {@code GET /api/library}
 * (p50, p95; target p95 < 50 ms; indexing target < 60 s), and one 20 MB upload and download through the API
 * with the heap's growth while it runs.
 */
@Tag("bench")
class CaseLibraryBench {

  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 60000));

  static final int CASES = 100_000;
  static final int CENTERS = 500;
  static final int ROUNDS = CASES / CENTERS;
  static final String TOPICS = "[{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster\"},{\"key\":\"youth\",\"ja\":\"若者\",\"en\":\"Youth\"},"
      + "{\"key\":\"elderly\",\"ja\":\"高齢者\",\"en\":\"Elderly\"},{\"key\":\"multicultural\",\"ja\":\"多文化共生\",\"en\":\"Multicultural\"},"
      + "{\"key\":\"online\",\"ja\":\"オンライン\",\"en\":\"Online\"}]";
  static final String[] TOPIC_KEYS = {"disaster", "youth", "elderly", "multicultural", "online"};

  static final String[] THINGS = {"防災訓練", "多文化共生", "子育て支援", "高齢者サロン", "地域包括支援センター", "公民館講座",
      "オンライン講座", "ボランティア育成", "自治会活動", "高校生ボランティア", "図書館連携", "広報紙", "ワークショップ",
      "避難所運営", "日本語教室", "放課後子ども教室", "生涯学習推進", "まちづくり協議会", "見守り活動", "デジタル活用支援"};
  static final String[] FRAMES = {
      "%sでは、%sとの連携を十年続けてきました。", "%sの参加者が少ないことが課題で、%sと組んで呼びかけ方を変えました。",
      "職員が%sの担い手を探し、%sの経験を生かしています。", "%sを始めたきっかけは%sでの住民の声でした。",
      "コロナ禍の後、%sと%sをオンラインでもつなぐ工夫をしました。", "%sの成果を%sで発表し、次の世代に引き継いでいます。"};
  static final String[] QUERY_WORDS = {"防災", "訓練", "多文化", "共生", "子育て", "高齢者", "サロン", "包括", "公民館", "講座",
      "オンライン", "ボランティア", "自治会", "高校生", "図書館", "広報", "避難所", "日本語", "放課後", "まちづくり", "見守り",
      "デジタル", "防災訓練", "多文化共生", "子育て支援", "担い手", "住民の声", "連携", "呼びかけ", "成果"};

  static String sentence(Random rnd) {
    return String.format(FRAMES[rnd.nextInt(FRAMES.length)], THINGS[rnd.nextInt(THINGS.length)], THINGS[rnd.nextInt(THINGS.length)]);
  }

  static String text(Random rnd, int sentences) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      b.append(sentence(rnd));
    }
    return b.toString();
  }

  @Test
  void library() throws Exception {
    server.start();
    try {
      run();
    } finally {
      server.stop();
    }
  }

  private void run() throws Exception {
    BenchReport report = new BenchReport("cases", "what", "n", "ms total", "p50 ms", "p95 ms", "max ms", "note");
    List<String[]> places = new ArrayList<>();
    try (var lines = Files.lines(Path.of("src/main/resources/demo/municipalities.csv"))) {
      lines.skip(1).forEach(l -> places.add(l.split(",")));
    }
    // A bench database may hold an earlier run's rows: start from none of them.
    server.sql("DELETE FROM round WHERE title LIKE 'ベンチ第%'");
    server.sql("DELETE FROM person WHERE email = 'reader@example.jp'");
    server.sql("DELETE FROM center WHERE code LIKE 'bench-%'");
    long[] centers = new long[CENTERS];
    for (int i = 0; i < CENTERS; i++) {
      String[] p = places.get(i % places.size());
      centers[i] = server.sql("INSERT INTO center (code, name, city, prefecture, region) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          "bench-" + i, p[2] + "第" + (i / places.size() + 1) + "公民館", p[2], p[0], p[4]).iterator().next().getLong("id");
    }
    Random rnd = new Random(17);
    // Rounds, pairs and held sessions (cases belong to a session's pair).
    List<long[]> slots = new ArrayList<>(); // session id, center id
    for (int r = 0; r < ROUNDS; r++) {
      long round = server.sql("INSERT INTO round (title, starts_on, ends_on, status, topics) VALUES ($1, '2022-01-01', '2026-12-31',"
          + " 'running', $2) RETURNING id", "ベンチ第" + r + "回", new JsonArray(TOPICS)).iterator().next().getLong("id");
      server.sql("INSERT INTO round_center (round_id, center_id) SELECT $1, unnest($2::bigint[])", round,
          Arrays.stream(centers).boxed().toArray(Long[]::new));
      Long[] pairIds = server.sql("WITH x AS (INSERT INTO pair (round_id, score) SELECT $1, 0 FROM generate_series(1, $2) RETURNING id)"
          + " SELECT array_agg(id ORDER BY id) AS ids FROM x", round, CENTERS / 2).iterator().next().getArrayOfLongs("ids");
      long[] order = centers.clone();
      for (int i = order.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        long t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      Long[] memberPairs = new Long[CENTERS];
      Long[] memberCenters = new Long[CENTERS];
      for (int i = 0; i < CENTERS; i++) {
        memberPairs[i] = pairIds[i / 2];
        memberCenters[i] = order[i];
      }
      server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) SELECT p, $3, c FROM unnest($1::bigint[], $2::bigint[]) AS k(p, c)",
          memberPairs, memberCenters, round);
      Row sessions = server.sql("WITH s AS (INSERT INTO session (round_id, pair_id, starts_at, ends_at, status)"
          + " SELECT $1, p, t, t + interval '2 hours', 'held' FROM (SELECT p, timestamptz '2022-01-10 05:00Z' + make_interval(days => (random() * 1700)::int) AS t"
          + " FROM unnest($2::bigint[]) AS p) x RETURNING id, pair_id) SELECT array_agg(s.id ORDER BY s.pair_id) AS ids FROM s", round, pairIds).iterator().next();
      Long[] sessionIds = sessions.getArrayOfLongs("ids");
      for (int i = 0; i < CENTERS; i++) {
        slots.add(new long[] {sessionIds[i / 2], order[i]});
      }
    }
    // The cases' text, generated before the clock starts.
    List<String[]> texts = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      texts.add(new String[] {THINGS[rnd.nextInt(THINGS.length)] + "の取り組み" + (i % 97), text(rnd, 3), text(rnd, 4), text(rnd, 3),
          TOPIC_KEYS[rnd.nextInt(TOPIC_KEYS.length)]});
    }
    long chars = texts.stream().mapToLong(t -> t[0].length() + t[1].length() + t[2].length() + t[3].length()).sum();

    // Indexing: Kuromoji words of each case (both cores), stored as the tsvector the GIN index holds.
    long started = System.nanoTime();
    int batch = 2000;
    for (int from = 0; from < CASES; from += batch) {
      int to = Math.min(CASES, from + batch);
      int base = from;
      List<Tuple> rows = IntStream.range(from, to).parallel().mapToObj(i -> {
        String[] t = texts.get(i);
        List<String> words = CaseText.words(t[0] + "\n" + t[1] + "\n" + t[2] + "\n" + t[3]);
        return Tuple.wrap(Arrays.asList(slots.get(i)[0], slots.get(i)[1], t[0], t[1],
            new io.vertx.core.json.JsonObject().put("approach", t[2]).put("challenges", t[3]), new String[] {t[4]},
            words.toArray(String[]::new)));
      }).toList();
      server.pool().preparedQuery("INSERT INTO case_study (session_id, center_id, title, summary, sections, topics, search_tokens,"
          + " status, submitted_at, shared_at) VALUES ($1, $2, $3, $4, $5, $6, array_to_tsvector($7::text[]), 'submitted', now(), now())")
          .executeBatch(rows).await();
      if (base == 0) {
        System.out.println("cases: first batch in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      }
    }
    long indexMs = (System.nanoTime() - started) / 1_000_000;
    server.sql("ANALYZE case_study");
    report.row("index 100,000 cases (Kuromoji + INSERT with GIN)", CASES, indexMs, "-", "-", "-", chars / CASES + " chars/case");

    // Searches through the API, as a third center's staff member.
    server.person("reader@example.jp", centers[0], "bench-password");
    Api api = server.signedIn("reader@example.jp", "bench-password");
    List<String> regions = List.of("東北", "関東", "中部", "近畿", "中国", "九州");
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      StringBuilder q = new StringBuilder("/api/library?q=");
      String words = QUERY_WORDS[rnd.nextInt(QUERY_WORDS.length)] + (rnd.nextInt(4) == 0 ? " " + QUERY_WORDS[rnd.nextInt(QUERY_WORDS.length)] : "");
      q.append(URLEncoder.encode(words, StandardCharsets.UTF_8));
      int f = rnd.nextInt(10);
      if (f < 3) {
        q.append("&topic=").append(TOPIC_KEYS[rnd.nextInt(TOPIC_KEYS.length)]);
      } else if (f < 5) {
        q.append("&region=").append(URLEncoder.encode(regions.get(rnd.nextInt(regions.size())), StandardCharsets.UTF_8));
      } else if (f < 7) {
        q.append("&prefecture=").append(URLEncoder.encode(places.get(rnd.nextInt(places.size()))[0], StandardCharsets.UTF_8));
      } else if (f < 8) {
        q.append("&year=").append(2022 + rnd.nextInt(5));
      }
      queries.add(q.toString());
    }
    for (int i = 0; i < 50; i++) {
      api.get(queries.get(i)); // warm-up
    }
    long[] ms = new long[queries.size()];
    long found = 0;
    long searchStarted = System.nanoTime();
    for (int i = 0; i < queries.size(); i++) {
      long t = System.nanoTime();
      Api.Res res = api.get(queries.get(i));
      ms[i] = (System.nanoTime() - t) / 1_000;
      assertThat(res.status()).as(queries.get(i)).isEqualTo(200);
      found += res.array("cases").size();
    }
    long searchMs = (System.nanoTime() - searchStarted) / 1_000_000;
    Arrays.sort(ms);
    double p50 = ms[ms.length / 2] / 1000.0;
    double p95 = ms[(int) (ms.length * 0.95)] / 1000.0;
    report.row("GET /api/library?q=…&filter (1,000 varied queries)", queries.size(), searchMs, p50, p95, ms[ms.length - 1] / 1000.0,
        "avg " + found / queries.size() + " results/page");

    // One 20 MB upload and download, the client streaming from a socket (so only the server's memory grows).
    long caseId = server.sql("SELECT id FROM case_study WHERE center_id = $1 LIMIT 1", centers[0]).iterator().next().getLong("id");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(baseline);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    int size = 20 * 1024 * 1024;
    long up = System.nanoTime();
    String status = uploadPdf(api, caseId, size);
    long upMs = (System.nanoTime() - up) / 1_000_000;
    long upPeak = peak.get() - baseline;
    assertThat(status).startsWith("HTTP/1.1 201");
    long attachment = server.sql("SELECT id FROM case_attachment WHERE case_id = $1", caseId).iterator().next().getLong("id");
    System.gc();
    baseline = memory.getHeapMemoryUsage().getUsed();
    peak.set(baseline);
    long down = System.nanoTime();
    long bytes = download(api, attachment);
    long downMs = (System.nanoTime() - down) / 1_000_000;
    long downPeak = peak.get() - baseline;
    sampler.interrupt();
    assertThat(bytes).isEqualTo(size);
    report.row("POST /api/cases/{id}/attachments (20 MB PDF, streamed)", 1, upMs, "-", "-", "-",
        "heap peak +" + upPeak / (1024 * 1024) + " MB over baseline (sampled every 5 ms, garbage included)");
    report.row("GET /api/attachments/{id} (20 MB)", 1, downMs, "-", "-", "-",
        "heap peak +" + downPeak / (1024 * 1024) + " MB over baseline");
    report.finish();
    assertThat(p95).as("search p95 ms").isLessThan(50);
    assertThat(indexMs).as("indexing ms").isLessThan(60_000);
  }

  static String head(Api api, String requestLine) {
    return requestLine + " HTTP/1.1\r\nHost: localhost\r\nCookie: kakehashi_session=" + api.cookie("kakehashi_session")
        + "; XSRF-TOKEN=" + api.cookie("XSRF-TOKEN") + "\r\nX-XSRF-TOKEN: " + api.cookie("XSRF-TOKEN") + "\r\n";
  }

  /** Streams a 20 MB "PDF" (a real header, then filler) in 64 KB writes and returns the status line. */
  static String uploadPdf(Api api, long caseId, int size) throws Exception {
    if (api.cookie("XSRF-TOKEN") == null) {
      api.get("/api/me");
    }
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      out.write((head(api, "POST /api/cases/" + caseId + "/attachments?name=big.pdf") + "Content-Type: application/pdf\r\n"
          + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      byte[] block = new byte[64 * 1024];
      new Random(3).nextBytes(block);
      byte[] first = block.clone();
      byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(magic, 0, first, 0, magic.length);
      int sent = 0;
      while (sent < size) {
        int n = Math.min(block.length, size - sent);
        out.write(sent == 0 ? first : block, 0, n);
        sent += n;
      }
      out.flush();
      return statusLine(s.getInputStream());
    }
  }

  /** Downloads an attachment, discarding its bytes; returns the body's length. */
  static long download(Api api, long id) throws Exception {
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(120_000);
      s.getOutputStream().write((head(api, "GET /api/attachments/" + id) + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      String line;
      do {
        line = readLine(in);
      } while (!line.isEmpty());
      long n = 0;
      byte[] buf = new byte[64 * 1024];
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
      }
      return n;
    }
  }

  static String statusLine(InputStream in) throws Exception {
    return readLine(in);
  }

  static String readLine(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
