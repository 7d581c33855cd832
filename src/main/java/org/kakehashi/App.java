package org.kakehashi;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.kakehashi.cases.CaseRoutes;
import org.kakehashi.credentials.CredentialRoutes;
import org.kakehashi.credentials.IssuerKeys;
import org.kakehashi.demo.DemoCases;
import org.kakehashi.demo.DemoCredentials;
import org.kakehashi.demo.DemoData;
import org.kakehashi.directory.AuthRoutes;
import org.kakehashi.directory.BulkInviteRoutes;
import org.kakehashi.directory.CenterRoutes;
import org.kakehashi.directory.FirstCoordinator;
import org.kakehashi.directory.PeopleRoutes;
import org.kakehashi.pairing.PairingRoutes;
import org.kakehashi.pairing.PairingStore;
import org.kakehashi.rooms.RoomRoutes;
import org.kakehashi.rooms.ZoomBreakoutRooms;
import org.kakehashi.rounds.RoundRoutes;
import org.kakehashi.scheduling.SchedulingRoutes;
import org.kakehashi.zoom.ZoomClient;
import org.kakehashi.scheduling.ZoomMeetings;
import org.kakehashi.scheduling.SeatInvitationMail;
import org.kakehashi.signup.SeatInvitations;
import org.kakehashi.reflections.HistoryRoutes;
import org.kakehashi.reflections.ReflectionRoutes;
import org.kakehashi.reflections.SessionsEnded;
import org.kakehashi.signup.MySessionsRoutes;
import org.kakehashi.signup.SignupRoutes;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.ConnectionGuard;
import org.kakehashi.platform.Database;
import org.kakehashi.platform.Http;
import org.kakehashi.platform.Mailer;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Passwords;
import org.kakehashi.platform.Secrets;
import org.kakehashi.platform.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kakehashi server. Start-up is one chain: database (embedded or external, migrated) → first
 * coordinator and demo data → outbox worker → router → listen.
 */
public final class App extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Config config;
  private final PrometheusMeterRegistry metrics;
  private Database database;
  private Outbox outbox;
  private Mailer mailer;
  private SessionsEnded sessionsEnded;
  private org.kakehashi.cases.CaseReminders caseReminders;
  private int port;
  private String listeners;
  private java.util.function.Supplier<Router> routers;
  private String setupToken;

  public App(Config config, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  public static void main(String[] args) {
    long started = System.nanoTime();
    Config config = Config.load(System.getenv(), Arrays.asList(args));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = vertx(metrics);
    vertx.deployVerticle(new App(config, metrics))
        .onSuccess(id -> log.atInfo().addKeyValue("url", "http://localhost:" + config.httpPort())
            .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("Kakehashi is ready"))
        .onFailure(err -> {
          log.error("Kakehashi could not start", err);
          vertx.close().onComplete(ar -> System.exit(1));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("shutdown did not finish in time", e);
      }
    }, "kakehashi-shutdown"));
  }

  /** A Vert.x instance whose metrics go to {@code registry}. */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config)
        .compose(db -> {
          database = db;
          Passwords passwords = new Passwords(vertx, metrics);
          // The credential signing key first: the demo issues credentials with it.
          return IssuerKeys.ensure(vertx, db.pool(), config.credentials())
              .compose(k -> config.demo() ? DemoData.seed(db.pool(), DemoData.startOver(config.dbUrl() == null ? config.dataDir() : null)) : Future.<Void>succeededFuture())
              .compose(v -> config.demo() ? DemoCases.seed(vertx, db.pool()) : Future.<Void>succeededFuture())
              .compose(v -> config.demo() ? DemoCredentials.seed(vertx, db.pool(), config) : Future.<Void>succeededFuture())
              .compose(v -> FirstCoordinator.ensure(db.pool(), passwords, config))
              .compose(token -> {
                setupToken = token;
                return Secrets.get(db.pool(), "csrf");
              })
              .map(csrfSecret -> {
                routers = () -> router(passwords, csrfSecret);
                return routers;
              });
        })
        .compose(v -> {
          mailer = new Mailer(vertx, config.mail(), config.publicUrl());
          Map<String, java.util.function.Function<Outbox.Message, Future<Void>>> deliverers = new java.util.HashMap<>();
          deliverers.put("email", Outbox.email(mailer));
          deliverers.put(SeatInvitations.KIND, new SeatInvitationMail(database.pool(), mailer, config.publicUrl(), config.mail().from(), agenda())::deliver);
          if (config.zoom().enabled()) {
            ZoomClient zoom = new ZoomClient(vertx, config.zoom());
            deliverers.put(ZoomMeetings.KIND, new ZoomMeetings(database.pool(), zoom, config.publicUrl(), config.mail().from(), agenda())::deliver);
            deliverers.put(ZoomBreakoutRooms.KIND, new ZoomBreakoutRooms(database.pool(), zoom)::deliver);
          }
          outbox = new Outbox(vertx, database.pool(), config.outbox(), deliverers);
          outbox.start();
          sessionsEnded = new SessionsEnded(vertx, database.pool(), config);
          sessionsEnded.start();
          caseReminders = new org.kakehashi.cases.CaseReminders(vertx, database.pool(), config);
          caseReminders.start();
          org.kakehashi.cases.CaseIndex.start(vertx, database.pool());
          // One HTTP server per event loop (each with its own router), all on the same port, in one
          // deployment: Vert.x binds the port once and hands connections to them in turn, so HTTP and
          // JSON work spreads over the cores.
          port = config.httpPort() == 0 ? freePort() : config.httpPort();
          return vertx.deployVerticle(() -> new Listener(routers, port, config.connections()),
                  new DeploymentOptions().setInstances(config.httpEventLoops()))
              .onSuccess(id -> listeners = id);
        })
        .mapEmpty();
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpServerOptions serverOptions(Config.Connections connections) {
    return new HttpServerOptions().setCompressionSupported(true).setMaxFormAttributeSize(64 * 1024)
        // No h2c: its detection holds a connection back from the guard until the first request is complete.
        .setHttp2ClearTextEnabled(false)
        // No WebSocket anywhere: without these its extension handler sat in every connection's pipeline, a step per request.
        .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false)
        .setIdleTimeout((int) connections.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /** An HTTP server on the app's port with a router of its own; one instance per event loop. */
  private static final class Listener extends VerticleBase {
    private final java.util.function.Supplier<Router> routers;
    private final int port;
    private final Config.Connections connections;
    private ConnectionGuard guard;

    Listener(java.util.function.Supplier<Router> routers, int port, Config.Connections connections) {
      this.routers = routers;
      this.port = port;
      this.connections = connections;
    }

    @Override
    public Future<?> start() {
      // Deadlines for headers and bodies, so slow clients cannot hold sockets (README, "Security").
      guard = new ConnectionGuard(vertx, connections);
      return guard.install(vertx.createHttpServer(serverOptions(connections)), routers.get()).listen(port);
    }

    @Override
    public Future<?> stop() {
      guard.stop();
      return Future.succeededFuture();
    }
  }

  /**
   * The programme (cases) for scheduling's invitations and Zoom agenda (README, "The programme"), read
   * through the caller's client: inside a planning or moving transaction it sees the session's new times.
   */
  private org.kakehashi.scheduling.SessionAgenda agenda() {
    return org.kakehashi.cases.ProgrammeStore::texts;
  }

  private Router router(Passwords passwords, String csrfSecret) {
    var pool = database.pool();
    Sessions sessions = new Sessions(pool, config);
    List<String> imports = List.of(CenterRoutes.IMPORT_PATH, PeopleRoutes.IMPORT_PATH);
    return Http.router(vertx, config, pool, metrics, csrfSecret, sessions, imports, List.of(CaseRoutes.UPLOAD_PATH), api -> {
      new AuthRoutes(pool, config, sessions, passwords).mount(api);
      new CenterRoutes(vertx, pool).mount(api);
      // Before PeopleRoutes: /people/invitations is not a person's id.
      new BulkInviteRoutes(pool, config).mount(api);
      new PeopleRoutes(vertx, pool, config).mount(api);
      new RoundRoutes(pool, PairingStore::clear).mount(api);
      new PairingRoutes(vertx, pool, config).mount(api);
      new SchedulingRoutes(vertx, pool, config, agenda()).mount(api);
      new org.kakehashi.progress.ProgressRoutes(vertx, pool, config, round -> org.kakehashi.cases.CaseProgress.missing(pool, round)).mount(api);
      new SignupRoutes(pool, config).mount(api);
      new MySessionsRoutes(pool).mount(api);
      new RoomRoutes(vertx, pool, config.zoom().enabled()).mount(api);
      new ReflectionRoutes(vertx, pool, config).mount(api);
      new HistoryRoutes(pool, config).mount(api);
      new CaseRoutes(vertx, pool, config).mount(api);
      new CredentialRoutes(vertx, pool, config).mount(api);
    });
  }

  @Override
  public Future<?> stop() {
    // The listeners are a child deployment: Vert.x may have undeployed them already.
    Future<Void> closed = listeners == null ? Future.succeededFuture()
        : vertx.undeploy(listeners).recover(err -> Future.succeededFuture());
    return closed
        .transform(v -> sessionsEnded == null ? Future.succeededFuture() : sessionsEnded.stop())
        .transform(v -> caseReminders == null ? Future.succeededFuture() : caseReminders.stop())
        .transform(v -> outbox == null ? Future.succeededFuture() : outbox.stop())
        .transform(v -> mailer == null ? Future.succeededFuture() : mailer.close())
        .transform(v -> database == null ? Future.succeededFuture() : database.close(vertx));
  }

  /** The port the server listens on (tests start it on port 0). */
  public int port() {
    return port;
  }

  /** The outbox worker (tests deliver due messages without waiting for the timer). */
  public Outbox outbox() {
    return outbox;
  }

  /** The ticker that holds ended sessions (tests tick it without waiting for the timer). */
  public SessionsEnded sessionsEnded() {
    return sessionsEnded;
  }

  /** The first-coordinator set-up token printed at start, or null (tests follow the link). */
  public String setupToken() {
    return setupToken;
  }

  /** A router like each listener's (the access matrix test lists its routes). */
  public Router router() {
    return routers.get();
  }

  public Database database() {
    return database;
  }
}
