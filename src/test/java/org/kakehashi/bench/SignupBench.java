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
import org.kakehashi.support.Api;
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
    TestServer server = new TestServer(json -> json.getJsonObject("database").put("poolSize", Integer.getInteger("bench.pool", 32)).put("poolWaitQueue", 4096));
    server.beforeAll(null);
    try {
      long a = server.center("bench-a", "名取市");
      long b = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('bench-b', 'B', '松江市', '島根県') RETURNING id")
          .iterator().next().getLong("id");
      server.sql("INSERT INTO person (email, name, center_id) SELECT 'p' || i || '@bench.example.jp', 'P' || i, $1"
          + " FROM generate_series(1, $2) AS i", a, PEOPLE);
      server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('bench-' || id, 'UTF8')), 'hex'),"
          + " id, now() + interval '1 day' FROM person WHERE email::text LIKE '%@bench.example.jp'");
      long firstPerson = server.sql("SELECT min(id) AS id FROM person WHERE email::text LIKE '%@bench.example.jp'").iterator().next().getLong("id");
      long[] sessions = new long[SESSIONS];
      for (int i = 0; i < SESSIONS; i++) {
        long round = server.sql("INSERT INTO round (title, starts_on, ends_on, status) VALUES ('B', '2027-01-01', '2027-12-31',"
            + " 'scheduling') RETURNING id").iterator().next().getLong("id");
        server.sql("INSERT INTO round_center (round_id, center_id) VALUES ($1, $2), ($1, $3)", round, a, b);
        long pair = server.sql("INSERT INTO pair (round_id, score) VALUES ($1, 0) RETURNING id", round).iterator().next().getLong("id");
        server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) VALUES ($1, $2, $3), ($1, $2, $4)", pair, round, a, b);
        sessions[i] = server.sql("INSERT INTO session (round_id, pair_id, starts_at, ends_at, capacity) VALUES ($1, $2,"
            + " now() + interval '30 days', now() + interval '30 days 2 hours', 30) RETURNING id", round, pair).iterator().next().getLong("id");
      }
      Api probe = server.api();
      probe.get("/api/me");
      String xsrf = probe.cookie("XSRF-TOKEN");
      WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(256));
      BenchReport report = new BenchReport("signup", "what", "connections", "requests", "perSecond", "p50ms", "p99ms", "errors");
      for (int connections : new int[] {64, 256}) {
        int total = 10_000;
        Run ceiling = run(client, connections, total, i -> client.request(HttpMethod.GET, server.port(), "localhost", "/api/centers/" + a)
            .putHeader("Cookie", Sessions.COOKIE + "=bench-" + (firstPerson + i % PEOPLE)));
        report.row("GET /api/centers/{id} (ceiling)", connections, total, round(ceiling.perSecond()), ceiling.p50(), ceiling.p99(), ceiling.errors());
        int offset = connections == 64 ? 0 : 10_000;
        Run signup = run(client, connections, total, i -> client.request(HttpMethod.POST, server.port(), "localhost",
                "/api/sessions/" + sessions[i % SESSIONS] + "/registrations")
            .putHeader("Cookie", Sessions.COOKIE + "=bench-" + (firstPerson + offset + i) + "; XSRF-TOKEN=" + xsrf)
            .putHeader("X-XSRF-TOKEN", xsrf)
            .putHeader("Content-Type", "application/json"));
        report.row("POST sign-up", connections, total, round(signup.perSecond()), signup.p50(), signup.p99(), signup.errors());
      }
      long overbooked = server.sql("SELECT count(*) AS n FROM session WHERE seats_taken > capacity").iterator().next().getLong("n");
      long confirmed = server.sql("SELECT count(*) AS n FROM registration WHERE status = 'confirmed'").iterator().next().getLong("n");
      report.row("check: confirmed seats (= sessions × 30)", 0, confirmed, 0, 0, 0, overbooked);
      report.finish();
      client.close();
    } finally {
      server.afterAll(null);
    }
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
