package org.kakehashi.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Sign-up rush (profile {@code bench}): many connections signing up at once, against the running
 * server on the embedded PostgreSQL, next to the ceiling of this machine: an authenticated GET
 * that does one indexed SELECT besides the session lookup every request makes. Load generator and
 * server share the same 2 cores, so both numbers are lower than on separate machines.
 */
@Tag("bench")
class SignupBench {

  static final int PEOPLE = 20_000;
  static final int SESSIONS = 100;

  record Run(double perSecond, double p50, double p99, long errors) {
  }

  @Test
  void signupRush() throws Exception {
    TestServer server = new TestServer(json -> json.getJsonObject("database").put("poolSize", Integer.getInteger("bench.pool", 16)).put("poolWaitQueue", 4096));
    server.beforeAll(null);
    try {
      long a = server.center("bench-a", "名取市");
      long b = new Fixtures(server).center("bench-b", "B", "松江市", "島根県");
      server.sql("INSERT INTO person (email, name, center_id) SELECT 'p' || i || '@bench.example.jp', 'P' || i, $1"
          + " FROM generate_series(1, $2) AS i", a, PEOPLE);
      server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('bench-' || id, 'UTF8')), 'hex'),"
          + " id, now() + interval '1 day' FROM person WHERE email::text LIKE '%@bench.example.jp'");
      long firstPerson = server.sql("SELECT min(id) AS id FROM person WHERE email::text LIKE '%@bench.example.jp'").iterator().next().getLong("id");
      Fixtures fixtures = new Fixtures(server);
      long[] sessions = new long[SESSIONS];
      for (int i = 0; i < SESSIONS; i++) {
        long round = fixtures.round("B").centers(a, b).create();
        sessions[i] = fixtures.session(round, fixtures.pair(round, a, b)).capacity(30).create();
      }
      // CSRF tokens are bound to their session (README, "Security"): one per signing person, fetched first.
      java.util.List<String> signers = new java.util.ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        signers.add("bench-" + (firstPerson + i));
      }
      java.util.Map<String, String> tokens = server.xsrf(signers);
      WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(256));
      BenchReport report = new BenchReport("signup", "what", "connections", "requests", "perSecond", "p50ms", "p99ms", "errors");
      long signupErrors = 0;
      Run jvmCeiling256 = null;
      Run jvmSignup256 = null;
      Wrk wrkCeiling = null;
      Wrk wrkSignup = null;
      java.util.Map<String, Double> cpu = null;
      for (int connections : new int[] {64, 256}) {
        int total = 10_000;
        Run ceiling = run(client, connections, total, i -> client.request(HttpMethod.GET, server.port(), "localhost", "/api/centers/" + a)
            .putHeader("Cookie", Sessions.COOKIE + "=bench-" + (firstPerson + i % PEOPLE)));
        report.row("GET /api/centers/{id} (ceiling)", connections, total, round(ceiling.perSecond()), ceiling.p50(), ceiling.p99(), ceiling.errors());
        int offset = connections == 64 ? 0 : 10_000;
        Run signup = run(client, connections, total, i -> client.request(HttpMethod.POST, server.port(), "localhost",
                "/api/sessions/" + sessions[i % SESSIONS] + "/registrations")
            .putHeader("Cookie", Sessions.COOKIE + "=bench-" + (firstPerson + offset + i) + "; XSRF-TOKEN="
                + tokens.get("bench-" + (firstPerson + offset + i)))
            .putHeader("X-XSRF-TOKEN", tokens.get("bench-" + (firstPerson + offset + i)))
            .putHeader("Content-Type", "application/json"));
        report.row("POST sign-up", connections, total, round(signup.perSecond()), signup.p50(), signup.p99(), signup.errors());
        signupErrors += signup.errors();
        if (connections == 256) {
          jvmCeiling256 = ceiling;
          jvmSignup256 = signup;
        }
      }
      if (wrkAvailable()) {
        // The same two paths driven by wrk, a load generator in its own process (C, far lighter than
        // the JVM client above), so more of the 2 cores serve requests.
        server.sql("INSERT INTO person (email, name, center_id) SELECT 'w' || i || '@bench.example.jp', 'W' || i, $1"
            + " FROM generate_series(1, $2) AS i", a, WRK_PEOPLE);
        server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('bench-' || id, 'UTF8')),"
            + " 'hex'), id, now() + interval '1 day' FROM person WHERE email::text LIKE 'w%@bench.example.jp'");
        long firstWrk = server.sql("SELECT min(id) AS id FROM person WHERE email::text LIKE 'w%@bench.example.jp'").iterator().next()
            .getLong("id");
        StringBuilder ids = new StringBuilder();
        for (long id : sessions) {
          ids.append(ids.length() == 0 ? "" : ",").append(id);
        }
        // The ceiling (a GET) needs no CSRF token; each sign-up is a different person with their own.
        java.util.List<String> wrkSigners = new java.util.ArrayList<>();
        for (int i = 0; i < WRK_SIGNERS; i++) {
          wrkSigners.add("bench-" + (firstWrk + i));
        }
        java.util.List<String> wrkTokens = new java.util.ArrayList<>(server.xsrf(wrkSigners).values());
        String loadBefore = loadAverage();
        Cpu before = Cpu.now(server);
        Wrk ceiling = wrk(server.port(), "GET", "/api/centers/" + a, firstWrk, WRK_PEOPLE, "", java.util.List.of());
        Cpu between = Cpu.now(server);
        report.row("wrk: GET /api/centers/{id} (ceiling)", WRK_CONNECTIONS, ceiling.requests(), round(ceiling.perSecond()),
            ceiling.p50(), ceiling.p99(), ceiling.errors());
        Wrk signup = wrk(server.port(), "POST", "/api/sessions/{s}/registrations", firstWrk, WRK_SIGNERS, ids.toString(),
            wrkTokens);
        report.row("wrk: POST sign-up", WRK_CONNECTIONS, signup.requests(), round(signup.perSecond()), signup.p50(), signup.p99(),
            signup.errors());
        Cpu after = Cpu.now(server);
        System.out.printf("signup: load average (1, 5, 15 min) before the wrk runs %s, after %s; CPU of other work on the machine:"
                + " %.2f cores during the ceiling, %.2f during the sign-up (of 2)%n", loadBefore, loadAverage(),
            between.othersCores(before, ceiling.requests() / ceiling.perSecond()), after.othersCores(between,
                signup.requests() / signup.perSecond()));
        System.out.printf("signup: wrk's own CPU per request: ceiling %.2f ms, sign-up %.2f ms%n",
            (between.wrk() - before.wrk()) / ceiling.requests(), (after.wrk() - between.wrk()) / signup.requests());
        signupErrors += signup.errors();
        for (Wrk w : new Wrk[] {ceiling, signup}) {
          System.out.printf("signup: wrk %s latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
              w == ceiling ? "ceiling" : "sign-up", w.p50(), w.p90(), w.p99(), w.p999(), w.max());
        }
        // What each request cost the database and the server: CPU time, far steadier than wall time on a shared machine.
        cpu = java.util.Map.of(
            "ceilingPostgresMs", round2((between.postgres() - before.postgres()) / ceiling.requests()),
            "ceilingServerMs", round2((between.jvm() - before.jvm()) / ceiling.requests()),
            "signupPostgresMs", round2((after.postgres() - between.postgres()) / signup.requests()),
            "signupServerMs", round2((after.jvm() - between.jvm()) / signup.requests()));
        wrkCeiling = ceiling;
        wrkSignup = signup;
      }
      long overbooked = server.sql("SELECT count(*) AS n FROM session WHERE seats_taken > capacity").iterator().next().getLong("n");
      long confirmed = server.sql("SELECT count(*) AS n FROM registration WHERE status = 'confirmed'").iterator().next().getLong("n");
      long drift = server.sql("""
          SELECT count(*) AS n FROM session s
           WHERE s.seats_taken <> (SELECT count(*) FROM registration r WHERE r.session_id = s.id AND r.status = 'confirmed')""")
          .iterator().next().getLong("n");
      // The number waiting that the database keeps for the batched sign-up's positions (README, "Seats").
      long waitlistDrift = server.sql("""
          SELECT count(*) AS n FROM session s
           WHERE coalesce((SELECT c.waiting FROM waitlist_count c WHERE c.session_id = s.id), 0)
                 <> (SELECT count(*) FROM registration r WHERE r.session_id = s.id AND r.status = 'waitlisted')""")
          .iterator().next().getLong("n");
      report.row("check: confirmed seats (= sessions × 30)", 0, confirmed, 0, 0, 0, overbooked);
      // The speed target (README, "Benchmarks"): sign-up at 256 connections at least half the same run's
      // ceiling, p99 under 150 ms; measured by wrk when it is installed, else by the JVM client above.
      String by = wrkSignup != null ? "wrk" : "JVM client (wrk not installed)";
      double share = wrkSignup != null ? wrkSignup.perSecond() / wrkCeiling.perSecond()
          : jvmSignup256.perSecond() / jvmCeiling256.perSecond();
      double p99 = wrkSignup != null ? wrkSignup.p99() : jvmSignup256.p99();
      report.row("target: sign-up / ceiling at 256 (" + by + ")", 256, 0, round(100 * share) + " %", 0, p99, 0);
      report.finish();
      if (cpu != null) {
        System.out.printf("signup: CPU per request under wrk: ceiling %.2f ms PostgreSQL + %.2f ms server, sign-up %.2f ms PostgreSQL"
                + " + %.2f ms server%n", cpu.get("ceilingPostgresMs"), cpu.get("ceilingServerMs"), cpu.get("signupPostgresMs"),
            cpu.get("signupServerMs"));
        BenchReport.write("signup-cpu.json", cpu);
      }
      System.out.printf("signup: target %s: sign-up at %.1f %% of the ceiling by %s (target ≥ 50 %%)%n",
          share >= 0.5 ? "met" : "MISSED", 100 * share, by);
      System.out.printf("signup: target %s: sign-up p99 %.1f ms by %s (target < 150 ms)%n", p99 < 150 ? "met" : "MISSED", p99, by);
      Guarantees guarantees = new Guarantees("signup");
      guarantees.hold(overbooked == 0, "no session overbooked (%d are)", overbooked);
      guarantees.hold(drift == 0, "every session's seats taken equals its confirmed registrations (%d differ)", drift);
      guarantees.hold(waitlistDrift == 0, "every session's waitlist count equals its waiting registrations (%d differ)", waitlistDrift);
      guarantees.hold(confirmed == (long) SESSIONS * 30, "every seat taken by the rush: %d confirmed of %d seats", confirmed,
          SESSIONS * 30);
      guarantees.hold(signupErrors == 0, "every sign-up under load answered 201 (%d did not)", signupErrors);
      guarantees.verify();
      client.close();
    } finally {
      server.afterAll(null);
    }
  }

  static final int WRK_PEOPLE = 150_000;
  static final int WRK_CONNECTIONS = 256;
  /** People signing up under wrk, each with their CSRF token: more than 10 s of sign-ups take here. */
  static final int WRK_SIGNERS = 30_000;

  /** Latencies in ms; p90, p999 and max say how the tail is made (a few long stalls, or everyone a little late). */
  record Wrk(long requests, double perSecond, double p50, double p99, long errors, double p90, double p999, double max) {
  }

  static boolean wrkAvailable() {
    return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/wrk"));
  }

  /**
   * Runs wrk for 10 s with 256 connections on 2 threads; every request is a different signed-in
   * person ({@code bench-<id>} session cookies from {@code first} on); {@code {s}} in the path
   * cycles through {@code sessions}. Latency percentiles from wrk's own histogram.
   */
  static Wrk wrk(int port, String method, String path, long first, int people, String sessions, java.util.List<String> tokens)
      throws Exception {
    java.nio.file.Path script = java.nio.file.Files.createTempFile("kakehashi-wrk", ".lua");
    java.nio.file.Path tokenFile = java.nio.file.Files.createTempFile("kakehashi-wrk", ".tokens");
    java.nio.file.Files.write(tokenFile, tokens);
    java.nio.file.Files.writeString(script, """
        local method, path, first, people, tokenFile = "%s", "%s", %d, %d, "%s"
        local sessions = {%s}
        local tokens = {}
        for line in io.lines(tokenFile) do tokens[#tokens + 1] = line end
        local threads = 0
        function setup(thread) thread:set("tid", threads); threads = threads + 1 end
        local n = 0
        function request()
          n = n + 1
          local k = (tid * math.floor(people / 2) + n) %% people
          local person = first + k
          local xsrf = tokens[k + 1] or ""
          local p = path
          if #sessions > 0 then p = string.gsub(path, "{s}", tostring(sessions[(n %% #sessions) + 1])) end
          local headers = {["Cookie"] = "kakehashi_session=bench-" .. person .. "; XSRF-TOKEN=" .. xsrf,
                           ["X-XSRF-TOKEN"] = xsrf, ["Content-Type"] = "application/json"}
          return wrk.format(method, p, headers, method == "POST" and '{"topics":[]}' or nil)
        end
        function done(summary, latency, requests)
          io.write(string.format("RESULT %%d %%f %%f %%f %%d\\n", summary.requests,
            latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6,
            summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
          io.write(string.format("TAIL %%f %%f %%f\\n", latency:percentile(90) / 1000, latency:percentile(99.9) / 1000,
            latency.max / 1000))
        end
        """.formatted(method, path, first, people, tokenFile, sessions));
    Process wrk = new ProcessBuilder("/usr/bin/wrk", "-t2", "-c" + WRK_CONNECTIONS, "-d10s", "--timeout", "10s", "-s",
        script.toString(), "http://localhost:" + port).redirectErrorStream(true).start();
    String out = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    wrk.waitFor();
    String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("wrk said: " + out));
    String[] f = line.split(" ");
    String[] t = out.lines().filter(l -> l.startsWith("TAIL ")).findFirst().orElse("TAIL 0 0 0").split(" ");
    long requests = Long.parseLong(f[1]);
    double seconds = Double.parseDouble(f[4]);
    return new Wrk(requests, requests / seconds, round(Double.parseDouble(f[2])), round(Double.parseDouble(f[3])),
        Long.parseLong(f[5]), round(Double.parseDouble(t[1])), round(Double.parseDouble(t[2])), round(Double.parseDouble(t[3])));
  }

  /**
   * CPU time (ms) used so far by the PostgreSQL server (the postmaster and every backend), by this JVM (the server), by
   * wrk (this JVM's children once waited for, from /proc/self/stat), and by the whole machine (/proc/stat, all cores).
   */
  record Cpu(double postgres, double jvm, double wrk, double machine) {
    static Cpu now(TestServer server) {
      long backend = server.sql("SELECT pg_backend_pid() AS pid").iterator().next().getInteger("pid");
      ProcessHandle postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow();
      return new Cpu(cpu(postmaster) + postmaster.descendants().mapToDouble(SignupBench::cpu).sum(), cpu(ProcessHandle.current()),
          ticks("/proc/self/stat", 16, 17), ticks("/proc/stat", -1, -1));
    }

    /** The CPU the rest of the machine (other builds, other benchmarks) took since {@code before}, in cores. */
    double othersCores(Cpu before, double seconds) {
      double ours = (postgres - before.postgres) + (jvm - before.jvm) + (wrk - before.wrk);
      return Math.max(0, (machine - before.machine) - ours) / 1000 / seconds;
    }
  }

  /**
   * Milliseconds of CPU in a /proc file: fields {@code a} and {@code b} (numbered as in proc(5)) of a process's
   * stat line, or, with -1, the busy time of the machine's first "cpu" line (all but idle and iowait).
   */
  static double ticks(String file, int a, int b) {
    try {
      String text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
      double perTick = 1000.0 / 100; // USER_HZ is 100 on Linux
      if (a < 0) {
        String[] f = text.lines().findFirst().orElseThrow().trim().split("\\s+");
        double busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user … steal (guest time is already in user)
          if (i != 4 && i != 5) {
            busy += Double.parseDouble(f[i]);
          }
        }
        return busy * perTick;
      }
      // The command may hold spaces: fields are counted after its closing parenthesis (field 3 is the state).
      String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
      return (Double.parseDouble(f[a - 3]) + Double.parseDouble(f[b - 3])) * perTick;
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  static double cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
  }

  /** The machine's load average (1, 5 and 15 minutes), for the record: other work on the 2 cores moves every number here. */
  static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static double round2(double x) {
    return Math.round(x * 100) / 100.0;
  }

  static double round(double x) {
    return Math.round(x * 10) / 10.0;
  }

  /** {@code total} requests with {@code connections} in flight; latencies in ms. */
  static Run run(WebClient client, int connections, int total, IntFunction<HttpRequest<Buffer>> request) throws Exception {
    double[] latency = new double[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(connections);
    long start = System.nanoTime();
    for (int w = 0; w < connections; w++) {
      worker(next, total, latency, errors, request, running, done);
    }
    done.future().await(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] sorted = latency.clone();
    Arrays.sort(sorted);
    return new Run(total / seconds, Math.round(sorted[total / 2] * 10) / 10.0, Math.round(sorted[(int) (total * 0.99)] * 10) / 10.0,
        errors.get());
  }

  private static void worker(AtomicInteger next, int total, double[] latency, AtomicInteger errors,
                             IntFunction<HttpRequest<Buffer>> request, AtomicInteger running, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= total) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    long t0 = System.nanoTime();
    HttpRequest<Buffer> req = request.apply(i);
    Future<?> sent = req.method() == HttpMethod.POST ? req.sendBuffer(Buffer.buffer("{\"topics\":[]}")) : req.send();
    sent.onComplete(ar -> {
      latency[i] = (System.nanoTime() - t0) / 1e6;
      if (ar.failed() || ((io.vertx.ext.web.client.HttpResponse<?>) ar.result()).statusCode() >= 400) {
        errors.incrementAndGet();
      }
      worker(next, total, latency, errors, request, running, done);
    });
  }
}
