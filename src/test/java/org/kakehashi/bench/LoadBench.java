package org.kakehashi.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.TestServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #8's load run (profile {@code bench}): a national round seeded with SQL (14,000 centers in
 * distinct cities, 50,000 staff, 7,000 pairs and sessions, some already held) and, over HTTP against
 * the running server, the mix staff produce while a round runs — reading their session page (50 %),
 * the round's slots (15 %), answering availability (15 %), signing up with ranked topics (12 %; some
 * sessions are nearly full, so people get waitlisted) and writing reflections (8 %). Each request is
 * made as a staff member of a center of that session, signed in through a {@code web_session} row
 * (no Argon2 sign-in per person). The same mix runs for rounds of 1,000, 4,000 and 14,000 centers at
 * 64, 128 and 256 connections, each connection sending its next request as soon as the last one is
 * answered (closed loop, no think time). The load generator shares the JVM and the 2 cores with the
 * server and PostgreSQL, so the numbers understate a server with the machine to itself; when
 * {@code wrk} is installed, the same requests are also sent from outside the JVM.
 *
 * <p>{@code -Dload.scales=1000,4000,14000 -Dload.connections=64,128,256 -Dload.seconds=15} change the
 * grid.
 */
@Tag("bench")
class LoadBench {

  static final int NATIONAL_CENTERS = 14_000;
  static final int NATIONAL_STAFF = 50_000;
  static final double P99_LIMIT_MS = 200;
  static final String TOKEN = "load-";

  static final String[] PREFECTURES = {"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
      "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
      "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
      "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};
  static final String[] REGIONS = {"北海道", "東北", "東北", "東北", "東北", "東北", "東北", "関東", "関東", "関東", "関東", "関東",
      "関東", "関東", "中部", "中部", "中部", "中部", "中部", "中部", "中部", "中部", "中部", "近畿", "近畿", "近畿", "近畿", "近畿",
      "近畿", "近畿", "中国", "中国", "中国", "中国", "中国", "四国", "四国", "四国", "四国", "九州", "九州", "九州", "九州", "九州",
      "九州", "九州", "九州"};
  static final String[] TOPICS = {"reflection", "future", "community"};

  /** The five kinds of request of the mix, with their share in percent. */
  enum Kind {
    SESSION("GET /api/sessions/{id}", 50),
    SLOTS("GET /api/rounds/{id}/slots", 15),
    AVAILABILITY("PUT /api/slots/{id}/availability", 15),
    SIGNUP("POST /api/sessions/{id}/registrations", 12),
    REFLECTION("PUT /api/sessions/{id}/reflections/me", 8);

    final String label;
    final int percent;

    Kind(String label, int percent) {
      this.label = label;
      this.percent = percent;
    }
  }

  /** What the seed made, as the load generator needs it: who may do what where. */
  record World(int centers, int staff, long roundId, long[] slotIds, long[] person, long[] sessionOf,
               long[] signupPerson, long[] signupSession, long[] writer, long[] writerSession, double seedSeconds) {
  }

  /** One request to send, its kind, and the statuses that are a normal answer. */
  record Call(Kind kind, HttpMethod method, String path, long personId, String body) {
  }

  /** Latencies and statuses of one kind of request; fed from one event loop, read after the run. */
  static final class Stats {
    double[] ms = new double[1 << 14];
    int n;
    long errors;
    final Map<String, Integer> statuses = new TreeMap<>();

    synchronized void add(double latency, String status, boolean error) {
      if (n == ms.length) {
        ms = Arrays.copyOf(ms, n * 2);
      }
      ms[n++] = latency;
      statuses.merge(status, 1, Integer::sum);
      if (error) {
        errors++;
      }
    }

    static Stats merge(Stats[] all) {
      Stats m = new Stats();
      for (Stats s : all) {
        for (int i = 0; i < s.n; i++) {
          m.add(s.ms[i], "", false);
        }
        m.errors += s.errors;
      }
      return m;
    }

    double percentile(double p) {
      if (n == 0) {
        return 0;
      }
      double[] sorted = Arrays.copyOf(ms, n);
      Arrays.sort(sorted);
      return round1(sorted[Math.min(n - 1, (int) Math.floor(n * p))]);
    }
  }

  /** The mix's state across runs: new sign-ups are handed out in order, then people sign up again. */
  static final class Mix {
    final World world;
    final String[] reflection = {
        "名取市の公民館では、地域の高齢者が講座の企画から関わっていることに驚きました。私たちの館でも参加者と一緒に企画を考えたいと思います。",
        "相手の市の職員の皆さんが、小さな館でも工夫して若い世代を呼び込んでいる話が印象に残りました。来月の講座で試してみます。"};
    final SplittableRandom random;
    int nextSignup;
    long newSignups;

    Mix(World world, long seed) {
      this.world = world;
      this.random = new SplittableRandom(seed);
    }

    Call next() {
      int roll = random.nextInt(100);
      int i = random.nextInt(world.person().length);
      if ((roll -= Kind.SESSION.percent) < 0) {
        return new Call(Kind.SESSION, HttpMethod.GET, "/api/sessions/" + world.sessionOf()[i], world.person()[i], null);
      }
      if ((roll -= Kind.SLOTS.percent) < 0) {
        return new Call(Kind.SLOTS, HttpMethod.GET, "/api/rounds/" + world.roundId() + "/slots", world.person()[i], null);
      }
      if ((roll -= Kind.AVAILABILITY.percent) < 0) {
        long slot = world.slotIds()[random.nextInt(world.slotIds().length)];
        String answer = new String[] {"yes", "yes", "maybe", "no"}[random.nextInt(4)];
        return new Call(Kind.AVAILABILITY, HttpMethod.PUT, "/api/slots/" + slot + "/availability", world.person()[i],
            "{\"answer\":\"" + answer + "\"}");
      }
      if ((roll -= Kind.SIGNUP.percent) < 0) {
        int j;
        if (nextSignup < world.signupPerson().length) {
          j = nextSignup++;
          newSignups++;
        } else {
          j = random.nextInt(world.signupPerson().length);
        }
        int first = random.nextInt(TOPICS.length);
        String topics = "[\"" + TOPICS[first] + "\",\"" + TOPICS[(first + 1 + random.nextInt(2)) % TOPICS.length] + "\"]";
        return new Call(Kind.SIGNUP, HttpMethod.POST, "/api/sessions/" + world.signupSession()[j] + "/registrations",
            world.signupPerson()[j], "{\"topics\":" + topics + "}");
      }
      int w = random.nextInt(world.writer().length);
      return new Call(Kind.REFLECTION, HttpMethod.PUT, "/api/sessions/" + world.writerSession()[w] + "/reflections/me",
          world.writer()[w], "{\"answers\":{\"learned\":\"" + reflection[random.nextInt(2)] + "\",\"partner\":\""
          + reflection[random.nextInt(2)] + "\"},\"visibility\":\"partners\",\"quoteAs\":\"anonymous\"}");
    }
  }

  /** A measured run: per kind, and the CPU the JVM and PostgreSQL used meanwhile (in cores). */
  record Run(Stats[] kinds, double seconds, double jvmCores, double pgCores) {
  }

  @Test
  void nationalRound() throws Exception {
    int[] scales = ints(System.getProperty("load.scales", "1000,4000,14000"));
    int[] connections = ints(System.getProperty("load.connections", "64,128,256"));
    int seconds = Integer.getInteger("load.seconds", 15);
    long benchStart = System.nanoTime();
    BenchReport mixReport = new BenchReport("load", "centers", "staff", "connections", "request", "requests", "perSecond",
        "p50ms", "p99ms", "errors", "statuses");
    BenchReport resources = new BenchReport("load-resources", "centers", "staff", "seedSeconds", "heapAfterGcMB",
        "heapCommittedMB", "databaseMB", "roundReadMs", "newSignUps", "confirmed", "waitlisted", "reflections", "overbooked");
    BenchReport wrkReport = new BenchReport("load-wrk", "centers", "connections", "what", "requests", "perSecond", "p50ms",
        "p99ms", "non2xx");
    List<int[]> under = new ArrayList<>();
    Guarantees guarantees = new Guarantees("load");
    System.out.println("load: loadavg before: " + loadAverage());
    for (int centers : scales) {
      int staff = (int) Math.round((double) centers * NATIONAL_STAFF / NATIONAL_CENTERS);
      TestServer server = new TestServer(json -> json.getJsonObject("database").put("poolSize", 16).put("poolWaitQueue", 1024));
      server.beforeAll(null);
      Vertx loader = Vertx.vertx();
      try {
        World world = seed(server, centers, staff);
        Map<Long, String> xsrf = tokens(server);
        double roundRead = roundReadMs(server, world.roundId());
        Mix mix = new Mix(world, centers);
        for (int c : connections) {
          WebClient client = WebClient.create(loader, new WebClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(c));
          run(server, client, loader, mix, xsrf, c, Math.min(5, seconds), null); // warm-up, not counted
          Run run = run(server, client, loader, mix, xsrf, c, seconds, postgresPid(server));
          Stats all = Stats.merge(run.kinds());
          for (Kind k : Kind.values()) {
            Stats s = run.kinds()[k.ordinal()];
            mixReport.row(centers, staff, c, k.label, s.n, round1(s.n / run.seconds()), s.percentile(0.5), s.percentile(0.99),
                s.errors, s.statuses.toString());
            long serverErrors = s.statuses.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToLong(Map.Entry::getValue).sum();
            guarantees.hold(serverErrors == 0, "%d centers, %d connections, %s: no 5xx answer (%d)", centers, c, k.label, serverErrors);
          }
          double p99 = all.percentile(0.99);
          mixReport.row(centers, staff, c, "all (JVM " + run.jvmCores() + " cores, PostgreSQL " + run.pgCores() + " cores)",
              all.n, round1(all.n / run.seconds()), all.percentile(0.5), p99, all.errors, "");
          if (p99 < P99_LIMIT_MS) {
            under.add(new int[] {centers, c});
          }
          client.close();
        }
        if (hasWrk()) {
          wrk(server, world, xsrf, 128, Math.min(10, seconds), wrkReport);
        }
        long overbooked = scalar(server, "SELECT count(*) AS n FROM session WHERE seats_taken > capacity");
        guarantees.hold(overbooked == 0, "%d centers: no session overbooked (%d are)", centers, overbooked);
        resources.row(centers, staff, world.seedSeconds(), heapAfterGcMb(), heapCommittedMb(),
            scalar(server, "SELECT pg_database_size(current_database()) / 1048576 AS n"), roundRead, mix.newSignups,
            scalar(server, "SELECT count(*) AS n FROM registration WHERE status = 'confirmed'"),
            scalar(server, "SELECT count(*) AS n FROM registration WHERE status = 'waitlisted'"),
            scalar(server, "SELECT count(*) AS n FROM reflection"),
            overbooked);
      } finally {
        loader.close().await(30, TimeUnit.SECONDS);
        server.afterAll(null);
      }
    }
    mixReport.finish();
    resources.finish();
    if (hasWrk()) {
      wrkReport.finish();
    } else {
      System.out.println("load: wrk is not installed; only the in-JVM load generator ran");
    }
    BenchReport verdict = new BenchReport("load-verdict", "connections", "largestRoundCentersWithP99Under200ms");
    for (int c : connections) {
      int best = under.stream().filter(u -> u[1] == c).mapToInt(u -> u[0]).max().orElse(0);
      verdict.row(c, best == 0 ? "none of the tested" : best);
    }
    verdict.finish();
    System.out.println("load: loadavg after: " + loadAverage() + "; whole bench " + Math.round((System.nanoTime() - benchStart) / 1e9) + " s");
    guarantees.verify();
  }

  // ---------------------------------------------------------------- seed

  /** A round of {@code centers} centers (all of them), paired two by two, with one session per pair. */
  static World seed(TestServer server, int centers, int staff) {
    long t0 = System.nanoTime();
    server.sql("""
        INSERT INTO center (code, name, city, prefecture, region, topics)
        SELECT 'load-' || i, '市' || i || ' 公民館', '市' || i, ($2::text[])[1 + i % 47], ($3::text[])[1 + i % 47],
               ARRAY['reflection', 'future', 'community']
          FROM generate_series(1, $1) AS i""", centers, PREFECTURES, REGIONS);
    long firstCenter = scalar(server, "SELECT min(id) AS n FROM center");
    server.sql("""
        INSERT INTO person (email, name, center_id)
        SELECT 'staff' || i || '@load.example.jp', '職員 ' || i, $1 + i % $2
          FROM generate_series(0, $3 - 1) AS i""", firstCenter, centers, staff);
    server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('" + TOKEN
        + "' || id, 'UTF8')), 'hex'), id, now() + interval '1 day' FROM person");
    long round = server.sql("""
        INSERT INTO round (title, starts_on, ends_on, status, topics, prompts)
        VALUES ('全国合同研修 2027', current_date - 7, current_date + 60, 'running',
                '[{"key":"reflection","ja":"振り返りと気づき","en":"Reflection and awareness"},
                  {"key":"future","ja":"目指す職員像","en":"The staff we want to become"},
                  {"key":"community","ja":"地域とのつながり","en":"Ties with the community"}]',
                '[{"key":"learned","ja":"学んだこと","en":"What I learned"},
                  {"key":"partner","ja":"相手の市から持ち帰ること","en":"What I take from the partner city"}]')
        RETURNING id""").iterator().next().getLong("id");
    server.sql("INSERT INTO round_center (round_id, center_id) SELECT $1, id FROM center", round);
    server.sql("INSERT INTO pairing_run (round_id, total, method, candidate_edges, published_at) VALUES ($1, 0, 'bench', 0, now())",
        round);
    server.sql("INSERT INTO pair (round_id, score) SELECT $1, 54 FROM generate_series(1, $2)", round, centers / 2);
    server.sql("""
        WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM pair WHERE round_id = $1),
             c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM center)
        INSERT INTO pair_member (pair_id, round_id, center_id) SELECT p.id, $1, c.id FROM p JOIN c ON c.j / 2 = p.k""", round);
    server.sql("""
        INSERT INTO slot (round_id, starts_at, ends_at)
        SELECT $1, date_trunc('day', now()) + (30 + i) * interval '1 day' + interval '10 hours',
               date_trunc('day', now()) + (30 + i) * interval '1 day' + interval '11 hours 30 minutes'
          FROM generate_series(0, 3) AS i""", round);
    // Every tenth session was held yesterday (reflections open); every fifth is open to all and
    // nearly full, so the pair's own staff meet a waitlist. No host licence or facilitator: both are
    // NULL, which the exclusion constraints let pass.
    server.sql("""
        WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM pair WHERE round_id = $1),
             sl AS (SELECT starts_at, ends_at, row_number() OVER (ORDER BY starts_at) - 1 AS i FROM slot WHERE round_id = $1)
        INSERT INTO session (round_id, pair_id, starts_at, ends_at, capacity, status, held_at, open_to_all)
        SELECT $1, p.id,
               CASE WHEN p.k % 10 = 5 THEN now() - interval '26 hours' ELSE sl.starts_at END,
               CASE WHEN p.k % 10 = 5 THEN now() - interval '24 hours 30 minutes' ELSE sl.ends_at END,
               8 + p.k % 23,
               CASE WHEN p.k % 10 = 5 THEN 'held' ELSE 'scheduled' END,
               CASE WHEN p.k % 10 = 5 THEN now() - interval '24 hours 30 minutes' END,
               p.k % 5 = 2
          FROM p JOIN sl ON sl.i = p.k % 4""", round);
    server.sql("""
        INSERT INTO registration (session_id, person_id, status, topics)
        SELECT s.id, pe.id, 'confirmed', ARRAY['reflection', 'future']
          FROM session s JOIN pair_member m ON m.pair_id = s.pair_id JOIN person pe ON pe.center_id = m.center_id
         WHERE s.round_id = $1 AND s.status = 'held'""", round);
    long firstPerson = scalar(server, "SELECT min(id) AS n FROM person");
    server.sql("""
        INSERT INTO registration (session_id, person_id, status, topics)
        SELECT s.id, x.id, 'confirmed', ARRAY['community']
          FROM session s
          CROSS JOIN LATERAL (SELECT pe.id FROM person pe
                               WHERE pe.id >= $2 + (s.id * 7919) % greatest($3 - 64, 1)
                                 AND pe.center_id NOT IN (SELECT center_id FROM pair_member WHERE pair_id = s.pair_id)
                               ORDER BY pe.id LIMIT s.capacity - 2) AS x
         WHERE s.round_id = $1 AND s.open_to_all""", round, firstPerson, staff);
    server.sql("""
        UPDATE session s SET capacity = greatest(s.capacity, g.n), seats_taken = g.n
          FROM (SELECT session_id, count(*)::int AS n FROM registration WHERE status = 'confirmed' GROUP BY session_id) AS g
         WHERE g.session_id = s.id""");
    server.sql("ANALYZE");
    double seedSeconds = round1((System.nanoTime() - t0) / 1e9);

    long[] slots = longs(server.sql("SELECT id AS n FROM slot WHERE round_id = $1 ORDER BY starts_at", round));
    List<long[]> people = pairs(server.sql("""
        SELECT pe.id AS a, s.id AS b, s.status = 'scheduled' AS open FROM person pe
          JOIN pair_member m ON m.center_id = pe.center_id AND m.round_id = $1
          JOIN session s ON s.pair_id = m.pair_id ORDER BY pe.id""", round), true);
    List<long[]> open = people.stream().filter(p -> p[2] == 1).collect(java.util.stream.Collectors.toList());
    java.util.Collections.shuffle(open, new java.util.Random(centers));
    List<long[]> writers = pairs(server.sql("""
        SELECT g.person_id AS a, g.session_id AS b FROM registration g JOIN session s ON s.id = g.session_id
         WHERE s.round_id = $1 AND s.status = 'held' AND g.status = 'confirmed' ORDER BY 1, 2""", round), false);
    return new World(centers, staff, round, slots, column(people, 0), column(people, 1), column(open, 0), column(open, 1),
        column(writers, 0), column(writers, 1), seedSeconds);
  }

  // ---------------------------------------------------------------- the in-JVM load generator

  /**
   * Sends the mix for {@code seconds} over {@code connections} connections from one event loop of
   * the generator's own Vert.x instance. With {@code pgPid} the CPU of the JVM and PostgreSQL is measured.
   */
  /**
   * The CSRF token of every seeded staff session, by person, fetched before the runs: tokens are bound to
   * their session (README, "Security").
   */
  static Map<Long, String> tokens(TestServer server) {
    List<Long> ids = new ArrayList<>();
    server.sql("SELECT person_id AS n FROM web_session WHERE person_id IN (SELECT id FROM person WHERE email::text LIKE '%@load.example.jp')")
        .forEach(r -> ids.add(r.getLong("n")));
    Map<String, String> bySession = server.xsrf(ids.stream().map(id -> TOKEN + id).toList());
    Map<Long, String> byPerson = new java.util.HashMap<>();
    ids.forEach(id -> byPerson.put(id, bySession.get(TOKEN + id)));
    return byPerson;
  }

  static Run run(TestServer server, WebClient client, Vertx loader, Mix mix, Map<Long, String> xsrf, int connections, int seconds,
                 Long pgPid) throws Exception {
    Stats[] kinds = new Stats[Kind.values().length];
    for (int k = 0; k < kinds.length; k++) {
      kinds[k] = new Stats();
    }
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(connections);
    long jvm0 = jvmCpuNanos();
    long pg0 = pgPid == null ? 0 : cpuTicks(pgPid);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    Context context = loader.getOrCreateContext();
    context.runOnContext(v -> {
      for (int w = 0; w < connections; w++) {
        send(client, server.port(), mix, xsrf, kinds, end, running, done);
      }
    });
    done.future().await(seconds + 120L, TimeUnit.SECONDS);
    double wall = (System.nanoTime() - start) / 1e9;
    double jvmCores = round2((jvmCpuNanos() - jvm0) / 1e9 / wall);
    double pgCores = pgPid == null ? 0 : round2((cpuTicks(pgPid) - pg0) / 100.0 / wall);
    return new Run(kinds, wall, jvmCores, pgCores);
  }

  private static void send(WebClient client, int port, Mix mix, Map<Long, String> xsrf, Stats[] kinds, long end, AtomicInteger running,
                           Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    Call call = mix.next();
    HttpRequest<Buffer> req = client.request(call.method(), port, "localhost", call.path())
        .putHeader("Cookie", Sessions.COOKIE + "=" + TOKEN + call.personId() + "; XSRF-TOKEN=" + xsrf.get(call.personId()));
    long t0 = System.nanoTime();
    Future<HttpResponse<Buffer>> sent;
    if (call.body() == null) {
      sent = req.send();
    } else {
      sent = req.putHeader("X-XSRF-TOKEN", xsrf.get(call.personId())).putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(call.body()));
    }
    sent.onComplete(ar -> {
      double ms = (System.nanoTime() - t0) / 1e6;
      String status = ar.failed() ? "io" : statusOf(call.kind(), ar.result());
      kinds[call.kind().ordinal()].add(ms, status, !expected(call.kind(), status));
      send(client, port, mix, xsrf, kinds, end, running, done);
    });
  }

  /** The status, and for a sign-up the place it gave: 201 confirmed/waitlisted, or 200 (already signed up). */
  private static String statusOf(Kind kind, HttpResponse<Buffer> res) {
    if (kind == Kind.SIGNUP && res.statusCode() < 300) {
      return res.statusCode() + " " + res.bodyAsJsonObject().getString("status");
    }
    return String.valueOf(res.statusCode());
  }

  private static boolean expected(Kind kind, String status) {
    return kind == Kind.SIGNUP ? status.startsWith("200 ") || status.startsWith("201 ") : "200".equals(status);
  }

  // ---------------------------------------------------------------- wrk, outside the JVM

  static boolean hasWrk() {
    return Files.isExecutable(Path.of("/usr/bin/wrk")) || Files.isExecutable(Path.of("/usr/local/bin/wrk"));
  }

  /**
   * The read path alone and the whole mix from {@code wrk} (2 threads, C, outside the JVM). wrk gives
   * one latency distribution per run, not per kind; non-2xx answers are counted (a repeated sign-up
   * is a 200, so every non-2xx is an error here).
   */
  static void wrk(TestServer server, World world, Map<Long, String> xsrf, int connections, int seconds, BenchReport report) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "bench", "wrk"));
    Mix mix = new Mix(world, 42);
    mix.nextSignup = Integer.MAX_VALUE; // the in-JVM runs came first: here people sign up again, as with a second click
    StringBuilder reads = new StringBuilder();
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      Call call = mix.next();
      String line = call.method() + " " + call.path() + " " + TOKEN + call.personId() + " " + xsrf.get(call.personId()) + " "
          + (call.body() == null ? "-" : call.body()) + "\n";
      all.append(line);
      if (call.kind() == Kind.SESSION) {
        reads.append(line);
      }
    }
    Files.writeString(dir.resolve("reads.txt"), reads);
    Files.writeString(dir.resolve("mix.txt"), all);
    String lua = """
        local calls = {}
        local n = 0
        function init(args)
          for line in io.lines(args[1]) do
            local m, p, t, x, b = line:match("^(%S+) (%S+) (%S+) (%S+) (.*)$")
            n = n + 1
            calls[n] = {m, p, t, b, x}
          end
          math.randomseed(os.time() + n)
        end
        function request()
          local c = calls[math.random(n)]
          local h = {["Cookie"] = "kakehashi_session=" .. c[3] .. "; XSRF-TOKEN=" .. c[5]}
          if c[4] == "-" then
            return wrk.format(c[1], c[2], h)
          end
          h["X-XSRF-TOKEN"] = c[5]
          h["Content-Type"] = "application/json"
          return wrk.format(c[1], c[2], h, c[4])
        end
        """;
    Files.writeString(dir.resolve("load.lua"), lua);
    for (String what : new String[] {"reads", "mix"}) {
      Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
          dir.resolve("load.lua").toString(), "http://localhost:" + server.port(), "--",
          dir.resolve(what + ".txt").toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(seconds + 60L, TimeUnit.SECONDS);
      Files.writeString(dir.resolve(what + "-" + world.centers() + ".out"), out);
      report.row(world.centers(), connections, what.equals("reads") ? "GET /api/sessions/{id} (wrk)" : "mix (wrk)",
          wrkNumber(out, "(\\d+) requests in"), wrkNumber(out, "Requests/sec:\\s+([\\d.]+)"), wrkLatency(out, "50%"),
          wrkLatency(out, "99%"), wrkNumber(out, "Non-2xx or 3xx responses: (\\d+)"));
    }
  }

  private static double wrkNumber(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** A percentile of wrk's latency distribution in ms (wrk prints us, ms or s). */
  private static double wrkLatency(String out, String percentile) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      return -1;
    }
    double v = Double.parseDouble(m.group(1));
    return round1(switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    });
  }

  // ---------------------------------------------------------------- resources

  /**
   * The mean time of one read of the round as the access checks of the session page, the slots and
   * the availability answer do it ({@code RoundStore.get}, which carries every center id of the round),
   * one at a time on an idle server: how that read grows with the round is what the table shows.
   */
  static double roundReadMs(TestServer server, long roundId) {
    for (int i = 0; i < 50; i++) {
      org.kakehashi.rounds.RoundStore.get(server.pool(), roundId).await();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      org.kakehashi.rounds.RoundStore.get(server.pool(), roundId).await();
    }
    return round2((System.nanoTime() - t0) / 1e6 / 200);
  }

  static long heapAfterGcMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1_048_576;
  }

  static long heapCommittedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1_048_576;
  }

  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The postmaster of the embedded PostgreSQL: the parent of a backend of the app's pool. */
  static Long postgresPid(TestServer server) {
    try {
      long backend = scalar(server, "SELECT pg_backend_pid()::bigint AS n");
      return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** User and system CPU of a process and its children still running, in clock ticks (1/100 s). */
  static long cpuTicks(long pid) {
    long ticks = ticksOf(pid);
    for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      ticks += ticksOf(child.pid());
    }
    return ticks;
  }

  private static long ticksOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  // ---------------------------------------------------------------- small helpers

  static long scalar(TestServer server, String sql, Object... params) {
    return server.sql(sql, params).iterator().next().getLong("n");
  }

  private static long[] longs(Iterable<Row> rows) {
    List<Long> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getLong("n")));
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static List<long[]> pairs(Iterable<Row> rows, boolean withOpen) {
    List<long[]> out = new ArrayList<>();
    rows.forEach(r -> out.add(new long[] {r.getLong("a"), r.getLong("b"), withOpen && r.getBoolean("open") ? 1 : 0}));
    return out;
  }

  private static long[] column(List<long[]> rows, int c) {
    return rows.stream().mapToLong(r -> r[c]).toArray();
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }

  static double round2(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
