package org.kakehashi.platform;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the server, read once at start: {@code config/default.json} (inside the jar), then the
 * file named by {@code KAKEHASHI_CONFIG}, then {@code KAKEHASHI_*} environment variables, each overriding the last.
 */
public record Config(
    int httpPort,
    int httpEventLoops,
    long bodyLimitBytes,
    long importBodyLimitBytes,
    String dbUrl,
    Path dataDir,
    int dbPoolSize,
    int dbPoolWaitQueue,
    int dbConnectTimeoutMillis,
    String publicUrl,
    Mail mail,
    Zoom zoom,
    Security security,
    Outbox outbox,
    String adminEmail,
    String adminPassword,
    boolean demo,
    List<Duration> reminders,
    Reflections reflections,
    Credentials credentials,
    Connections connections) {

  /**
   * How long a connection may take (README, "Security"): {@code headerTimeout} to send a request's headers
   * (counted from the connection's start or the end of its previous answer, so it also ends idle keep-alive
   * connections), {@code bodyTimeout} to send a body, {@code idleTimeout} with no byte either way;
   * {@code hstsMaxAge} for the Strict-Transport-Security header when the public address is https.
   */
  public record Connections(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, Duration hstsMaxAge) {
  }

  /**
   * The issuer of Open Badges credentials (the NPO running this installation) and the key that
   * encrypts its signing key in the database ({@code key == null}: stored unencrypted;
   * {@code previousKey}: the one it replaces, for one start, to re-encrypt).
   */
  public record Credentials(String issuerName, String issuerUrl, String issuerLogo, String key, String previousKey) {
  }

  /** SMTP settings; {@code host == null} means e-mails are logged instead of sent. */
  public record Mail(String host, int port, String user, String password, String starttls, String from) {
    public boolean enabled() {
      return host != null && !host.isBlank();
    }
  }

  /**
   * Zoom Server-to-Server OAuth credentials; without them join links are entered by hand. {@code agendaDelaySeconds}:
   * how long a programme change waits before the meeting's agenda is updated, so that edits made meanwhile
   * make one update (README, "The programme").
   */
  public record Zoom(String accountId, String clientId, String clientSecret, String apiUrl, String oauthUrl, int timeoutMillis,
                     int agendaDelaySeconds) {
    public boolean enabled() {
      return accountId != null && clientId != null && clientSecret != null;
    }
  }

  /**
   * Lifetimes and limits of the sign-in machinery and of HTTP connections (README, "Security"):
   * sessions end after {@code sessionIdle} without use or {@code sessionMax} in all; at most
   * {@code loginMaxFailures} password guesses per account and {@code loginMaxPerAddress} per client
   * address are checked per {@code loginWindow}; the client address is taken from X-Forwarded-For
   * only when the peer is one of {@code trustedProxies}. A session the person chose to keep lasts
   * {@code keepSignedIn}; a sign-in link sent by e-mail works once within {@code signInLinkTtl}.
   */
  public record Security(Duration invitationTtl, Duration sessionIdle, Duration sessionMax,
                         int loginMaxFailures, int loginMaxPerAddress, Duration loginWindow, long loginDelayMillis,
                         List<String> trustedProxies, Duration csrfTokenTtl, Duration keepSignedIn,
                         Duration signInLinkTtl) {
  }

  /** How the outbox worker polls and backs off. */
  public record Outbox(long pollMillis, long retryBaseMillis, long retryMaxMillis, int maxAttempts, long leaseSeconds) {
  }

  /** How long a reflection stays editable after its session is held, and how often ended sessions are looked for. */
  public record Reflections(int editDays, long tickerMillis) {
  }

  /** Environment variable → JSON path it overrides. */
  private static final List<Map.Entry<String, String>> ENV = List.of(
      Map.entry("KAKEHASHI_HTTP_PORT", "http.port"),
      Map.entry("KAKEHASHI_DB_URL", "database.url"),
      Map.entry("KAKEHASHI_DATA_DIR", "database.dataDir"),
      Map.entry("KAKEHASHI_PUBLIC_URL", "publicUrl"),
      Map.entry("KAKEHASHI_SMTP_HOST", "mail.smtpHost"),
      Map.entry("KAKEHASHI_SMTP_PORT", "mail.smtpPort"),
      Map.entry("KAKEHASHI_SMTP_USER", "mail.user"),
      Map.entry("KAKEHASHI_SMTP_PASSWORD", "mail.password"),
      Map.entry("KAKEHASHI_SMTP_STARTTLS", "mail.starttls"),
      Map.entry("KAKEHASHI_MAIL_FROM", "mail.from"),
      Map.entry("KAKEHASHI_ZOOM_ACCOUNT_ID", "zoom.accountId"),
      Map.entry("KAKEHASHI_ZOOM_CLIENT_ID", "zoom.clientId"),
      Map.entry("KAKEHASHI_ZOOM_CLIENT_SECRET", "zoom.clientSecret"),
      Map.entry("KAKEHASHI_ZOOM_API_URL", "zoom.apiUrl"),
      Map.entry("KAKEHASHI_ZOOM_OAUTH_URL", "zoom.oauthUrl"),
      Map.entry("KAKEHASHI_ADMIN_EMAIL", "admin.email"),
      Map.entry("KAKEHASHI_ADMIN_PASSWORD", "admin.password"),
      Map.entry("KAKEHASHI_TRUSTED_PROXIES", "security.trustedProxies"),
      Map.entry("KAKEHASHI_DEMO", "demo"),
      Map.entry("KAKEHASHI_CREDENTIALS_KEY", "credentials.key"),
      Map.entry("KAKEHASHI_CREDENTIALS_PREVIOUS_KEY", "credentials.previousKey"),
      Map.entry("KAKEHASHI_ISSUER_NAME", "credentials.issuerName"),
      Map.entry("KAKEHASHI_ISSUER_URL", "credentials.issuerUrl"),
      Map.entry("KAKEHASHI_ISSUER_LOGO", "credentials.issuerLogo"));

  /** Reads the defaults, the optional config file and the environment. */
  public static Config load(Map<String, String> env, List<String> args) {
    JsonObject json = readDefaults();
    String file = env.get("KAKEHASHI_CONFIG");
    if (file != null && !file.isBlank()) {
      json.mergeIn(readFile(Path.of(file)), true);
    }
    for (Map.Entry<String, String> e : ENV) {
      String value = env.get(e.getKey());
      if (value != null && !value.isEmpty()) {
        put(json, e.getValue(), value);
      }
    }
    if (args.contains("--demo")) {
      json.put("demo", "true");
    }
    return from(json);
  }

  /** Builds the record from an already merged JSON tree (tests use this with their own overrides). */
  public static Config from(JsonObject json) {
    JsonObject http = obj(json, "http");
    JsonObject db = obj(json, "database");
    JsonObject mail = obj(json, "mail");
    JsonObject zoom = obj(json, "zoom");
    JsonObject sec = obj(json, "security");
    JsonObject out = obj(json, "outbox");
    JsonObject admin = obj(json, "admin");
    // Unset, links in e-mails point to this machine on the port in use (README, "Configuration").
    int port = integer(http, "port", 8080);
    String publicUrl = stripSlash(str(json, "publicUrl", "http://localhost:" + (port > 0 ? port : 8080)));
    return new Config(
        integer(http, "port", 8080),
        // HTTP servers on this many event loops share the port (0: one per core).
        Math.max(1, integer(http, "eventLoops", 0) > 0 ? integer(http, "eventLoops", 0)
            : Runtime.getRuntime().availableProcessors()),
        longer(http, "bodyLimitBytes", 256 * 1024),
        longer(http, "importBodyLimitBytes", 16L * 1024 * 1024),
        str(db, "url", null),
        Path.of(str(db, "dataDir", "./data")),
        integer(db, "poolSize", 16),
        integer(db, "poolWaitQueue", 512),
        integer(db, "connectTimeoutMillis", 3000),
        publicUrl,
        new Mail(str(mail, "smtpHost", null), integer(mail, "smtpPort", 587), str(mail, "user", null),
            str(mail, "password", null), str(mail, "starttls", "optional"),
            str(mail, "from", "Kakehashi <no-reply@kakehashi.invalid>")),
        new Zoom(str(zoom, "accountId", null), str(zoom, "clientId", null), str(zoom, "clientSecret", null),
            stripSlash(str(zoom, "apiUrl", "https://api.zoom.us/v2")), str(zoom, "oauthUrl", "https://zoom.us/oauth/token"),
            integer(zoom, "timeoutMillis", 10_000), Math.max(0, integer(zoom, "agendaDelaySeconds", 60))),
        new Security(
            Duration.ofHours(longer(sec, "invitationTtlHours", 168)),
            Duration.ofMinutes(longer(sec, "sessionIdleMinutes", 30)),
            Duration.ofHours(longer(sec, "sessionMaxHours", 12)),
            integer(sec, "loginMaxFailures", 5),
            integer(sec, "loginMaxPerAddress", 50),
            Duration.ofMinutes(longer(sec, "loginWindowMinutes", 15)),
            longer(sec, "loginDelayMillis", 250),
            strings(sec, "trustedProxies"),
            Duration.ofHours(longer(sec, "csrfTokenHours", 12)),
            Duration.ofDays(longer(sec, "keepSignedInDays", 30)),
            Duration.ofMinutes(longer(sec, "signInLinkMinutes", 15))),
        new Outbox(longer(out, "pollMillis", 1000), longer(out, "retryBaseMillis", 5000),
            longer(out, "retryMaxMillis", 3_600_000), integer(out, "maxAttempts", 20),
            longer(out, "leaseSeconds", 120)),
        str(admin, "email", null),
        str(admin, "password", null),
        Boolean.parseBoolean(String.valueOf(json.getValue("demo", "false"))),
        reminders(json),
        new Reflections(integer(obj(json, "reflections"), "editDays", 7),
            longer(obj(json, "reflections"), "tickerMillis", 30_000)),
        new Credentials(str(obj(json, "credentials"), "issuerName", "かけはし Kakehashi"),
            stripSlash(str(obj(json, "credentials"), "issuerUrl", publicUrl)),
            str(obj(json, "credentials"), "issuerLogo", null), str(obj(json, "credentials"), "key", null),
            str(obj(json, "credentials"), "previousKey", null)),
        new Connections(Duration.ofMillis(longer(http, "headerTimeoutMillis", 20_000)),
            Duration.ofMillis(longer(http, "bodyTimeoutMillis", 60_000)),
            Duration.ofMillis(longer(http, "idleTimeoutMillis", 60_000)),
            Duration.ofSeconds(longer(http, "hstsMaxAgeSeconds", 31_536_000))));
  }

  /** How long before a session its reminders go out (default 24 h and 1 h). */
  private static List<Duration> reminders(JsonObject json) {
    Object v = json.getValue("remindersMinutesBefore");
    if (v == null) {
      return List.of(Duration.ofHours(24), Duration.ofHours(1));
    }
    return ((io.vertx.core.json.JsonArray) v).stream().map(o -> Duration.ofMinutes(((Number) o).longValue())).toList();
  }

  /** A list of strings (a JSON array, or one comma-separated string from the environment). */
  private static List<String> strings(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof io.vertx.core.json.JsonArray a) {
      return a.stream().map(String::valueOf).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
    return java.util.Arrays.stream(v.toString().split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** The default configuration as JSON, for tests that start from it. */
  public static JsonObject readDefaults() {
    try (InputStream in = Config.class.getClassLoader().getResourceAsStream("config/default.json")) {
      if (in == null) {
        throw new IllegalStateException("config/default.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read config/default.json", e);
    }
  }

  /** True when cookies must be flagged Secure: the public address is https. */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://");
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read KAKEHASHI_CONFIG file " + path, e);
    }
  }

  private static void put(JsonObject json, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private static JsonObject obj(JsonObject json, String key) {
    JsonObject o = json.getJsonObject(key);
    return o == null ? new JsonObject() : o;
  }

  private static String str(JsonObject json, String key, String dflt) {
    Object v = json.getValue(key);
    return v == null ? dflt : v.toString();
  }

  private static int integer(JsonObject json, String key, int dflt) {
    return (int) longer(json, key, dflt);
  }

  private static long longer(JsonObject json, String key, long dflt) {
    Object v = json.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("configuration value " + key + " is not a number: " + v, e);
    }
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
