package org.kakehashi.support;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kakehashi.App;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Passwords;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the real server for a test class: a fresh database on the shared embedded PostgreSQL
 * (with the schema already migrated, {@link TestDatabase#migrated()}), the whole app on a free port, and a
 * {@link WebClient}. Register with {@code @RegisterExtension static}.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

  private final Consumer<JsonObject> overrides;
  private String dbUrl;
  private Vertx vertx;
  private App app;
  private WebClient client;

  public TestServer() {
    this(json -> { });
  }

  /** {@code overrides} edits the default config JSON (SMTP port, limits) before start. */
  /**
   * A server started with the demo data (README, "The two commands"), given time to connect while the demo seeds; the
   * test classes that read the demo all start it this way.
   */
  public static TestServer demo() {
    return new TestServer(json -> {
      json.put("demo", true);
      json.getJsonObject("database").put("connectTimeoutMillis", 10_000);
    });
  }

  public TestServer(Consumer<JsonObject> overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    dbUrl = TestDatabase.migrated();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts the app (again) on the same database. */
  public void start() {
    JsonObject json = Config.readDefaults();
    json.getJsonObject("database").put("url", dbUrl);
    launch(json);
  }

  /** Starts the app with the database settings of the overrides only (no shared test database). */
  public void startEmbedded() {
    launch(Config.readDefaults());
  }

  private void launch(JsonObject json) {
    json.getJsonObject("http").put("port", 0);
    // A generous wait for a pooled connection: on a loaded machine (2 cores shared by many builds) a
    // new PostgreSQL backend can take seconds; a refused connection during an outage still fails at once.
    json.getJsonObject("database").put("poolSize", 8).put("connectTimeoutMillis", 10_000);
    // A failed sign-in is answered 10 ms late, doubling (250 ms in production): the rule is the same, the tests that
    // make many wrong guesses do not wait seconds for it (SignInTest.throttled checks the delay is there).
    json.getJsonObject("security").put("loginDelayMillis", 10);
    json.getJsonObject("outbox").put("pollMillis", 200).put("retryBaseMillis", 200).put("retryMaxMillis", 1000)
        .put("leaseSeconds", 2);
    overrides.accept(json);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = App.vertx(registry);
    app = new App(Config.from(json), registry);
    vertx.deployVerticle(app).await();
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /** Stops the app (the database stays). */
  public void stop() {
    if (vertx != null) {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      vertx = null;
    }
  }

  public String dbUrl() {
    return dbUrl;
  }

  public App app() {
    return app;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return app.database().pool();
  }

  public int port() {
    return app.port();
  }

  /** A new anonymous browser. */
  public Api api() {
    return new Api(client, app.port());
  }

  /**
   * The CSRF token of the session whose cookie value is {@code sessionCookie}, fetched as a browser gets it:
   * from an API answer to a request of that session. Tokens are bound to their session (README,
   * "Security"): tests that write sessions straight into {@code web_session} need one per session.
   */
  public String xsrf(String sessionCookie) {
    return xsrf(java.util.List.of(sessionCookie)).get(sessionCookie);
  }

  /** As {@link #xsrf(String)} for many sessions at once (fetched in parallel over up to 50 connections). */
  public Map<String, String> xsrf(java.util.Collection<String> sessionCookies) {
    WebClient fetcher = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50));
    try {
      Map<String, io.vertx.core.Future<String>> calls = new java.util.LinkedHashMap<>();
      for (String session : sessionCookies) {
        calls.put(session, fetcher.get(port(), "localhost", "/api/me")
            .putHeader("Cookie", org.kakehashi.platform.Sessions.COOKIE + "=" + session).send()
            .map(res -> res.cookies().stream().filter(c -> c.startsWith(org.kakehashi.platform.Csrf.COOKIE + "="))
                .map(c -> c.split(";", 2)[0].substring(org.kakehashi.platform.Csrf.COOKIE.length() + 1))
                .findFirst().orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN for a session"))));
      }
      io.vertx.core.Future.all(new java.util.ArrayList<>(calls.values())).await(600, TimeUnit.SECONDS);
      Map<String, String> tokens = new java.util.LinkedHashMap<>();
      calls.forEach((session, token) -> tokens.put(session, token.result()));
      return tokens;
    } catch (Exception e) {
      throw new IllegalStateException("fetching CSRF tokens failed", e);
    } finally {
      fetcher.close();
    }
  }

  /** Runs SQL against the app's database. */
  public RowSet<Row> sql(String sql, Object... params) {
    return pool().preparedQuery(sql).execute(Tuple.wrap(params)).await();
  }

  public long count(String table) {
    return sql("SELECT count(*) AS n FROM " + table).iterator().next().getLong("n");
  }

  /** Creates a center directly in the database and returns its id. */
  public long center(String code, String city) {
    return sql("INSERT INTO center (code, name, city, prefecture) VALUES ($1, $2, $3, '宮城県') RETURNING id",
        code, city + "公民館 " + code, city).iterator().next().getLong("id");
  }

  /** Creates a person with a password directly in the database and returns their id. */
  public long person(String email, Long centerId, String password, String... roles) {
    String hash = HASHES.computeIfAbsent(password, Passwords::hashNow);
    return sql("INSERT INTO person (email, name, center_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        email, "テスト " + email.substring(0, email.indexOf('@')), centerId, roles.length == 0 ? new String[] {"staff"} : roles, hash)
        .iterator().next().getLong("id");
  }

  /** Creates the test coordinator (coord@example.jp) and returns a browser signed in as them. */
  public Api coordinator() {
    person("coord@example.jp", null, "coordinator-pass", "coordinator");
    return signedIn("coord@example.jp", "coordinator-pass");
  }

  /**
   * A browser signed in as {@code email}. It holds the CSRF token the sign-in answer issued for its new
   * session (the anonymous one it had before is refused from then on).
   */
  public Api signedIn(String email, String password) {
    Api api = api();
    Api.Res res = api.post("/api/auth/login", new JsonObject().put("email", email).put("password", password));
    if (res.status() != 200) {
      throw new IllegalStateException("sign-in as " + email + " failed: " + res);
    }
    return api;
  }
}
