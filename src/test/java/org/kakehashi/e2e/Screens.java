package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key screens of a round, for the English, phone and accessibility tests: a round is set up
 * through the API as far as sign-up (the journey test does the same through the UI), then each
 * screen is opened as the person who uses it.
 */
final class Screens {

  /** Who looks at a screen: nobody signed in, or the person with this e-mail. */
  enum Who {
    NOBODY(null), COORDINATOR(Data.COORDINATOR), STAFF_SIGNED_UP(Data.STAFF.get(0).email()),
    STAFF(Data.STAFF.get(1).email()), FACILITATOR(Data.FACILITATOR.email());

    final String email;

    Who(String email) {
      this.email = email;
    }

    String password() {
      return this == COORDINATOR ? Data.COORDINATOR_PASSWORD : Data.PASSWORD;
    }
  }

  /** One screen: a name for screenshots and messages, who opens it, and its address. */
  record Screen(String name, Who who, String path) {
  }

  /**
   * What the set-up made: the round, a center, an unused invitation link, and a second round whose
   * Natori session ({@code heldSessionId}) has rooms, is held and has 佐藤's reflection.
   */
  record Seeded(String roundId, long centerId, String invitePath, String heldRoundId, long heldSessionId) {
  }

  private Screens() {
  }

  /**
   * The server for a browser test: a database connection may take longer than the default test
   * second while chromium shares the two cores.
   */
  static TestServer server() {
    return new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 10_000));
  }

  static List<Screen> list(Seeded s) {
    String round = "/#/rounds/" + s.roundId();
    String held = "/#/sessions/" + s.heldSessionId();
    // Grouped by person, so that each is signed in once per visit.
    return List.of(
        new Screen("signin", Who.NOBODY, "/#/centers"),
        new Screen("invitation", Who.NOBODY, s.invitePath()),
        new Screen("home-coordinator", Who.COORDINATOR, "/#/"),
        new Screen("centers", Who.COORDINATOR, "/#/centers"),
        new Screen("center", Who.COORDINATOR, "/#/centers/" + s.centerId()),
        new Screen("people", Who.COORDINATOR, "/#/people"),
        new Screen("import", Who.COORDINATOR, "/#/import"),
        new Screen("rounds", Who.COORDINATOR, "/#/rounds"),
        new Screen("round-new", Who.COORDINATOR, "/#/rounds/new"),
        // The round's own address opens the part of its present stage (dates and answers for the
        // coordinator of a round being scheduled); each other part has an address of its own.
        new Screen("round-coordinator", Who.COORDINATOR, round),
        new Screen("round-coordinator-pairs", Who.COORDINATOR, round + "/pairs"),
        new Screen("round-coordinator-sessions", Who.COORDINATOR, round + "/sessions"),
        new Screen("network", Who.COORDINATOR, "/#/network"),
        new Screen("account", Who.COORDINATOR, "/#/account"),
        new Screen("home-staff", Who.STAFF_SIGNED_UP, "/#/"),
        new Screen("round-staff-signed-up", Who.STAFF_SIGNED_UP, round),
        new Screen("reflection", Who.STAFF_SIGNED_UP, held + "/reflection"),
        new Screen("history", Who.STAFF_SIGNED_UP, "/#/history"),
        new Screen("round-staff-signup", Who.STAFF, round),
        new Screen("round-staff-answers", Who.STAFF, round + "/answers"),
        new Screen("home-facilitator", Who.FACILITATOR, "/#/"),
        new Screen("round-facilitator", Who.FACILITATOR, round),
        new Screen("rooms", Who.FACILITATOR, held + "/rooms"),
        new Screen("summary-session", Who.FACILITATOR, held + "/summary"),
        new Screen("summary-round", Who.FACILITATOR, "/#/rounds/" + s.heldRoundId() + "/summary"));
  }

  /**
   * The Japanese data of the set-up, longest first (people, centers, their cities and topics, round
   * titles): shown as entered in either language, so the English check takes them out first.
   */
  static List<String> dataStrings() {
    List<String> out = new ArrayList<>(List.of(Data.SECOND_ROUND_TITLE, Data.ROUND_TITLE, Data.ROUND_DESCRIPTION, "山田 太郎", "かけはし Zoom 1",
        "テスト coord")); // the coordinator as TestServer.person names them
    Data.STAFF.forEach(p -> out.add(p.name()));
    out.add(Data.FACILITATOR.name());
    String csv = new String(Data.resource("centers.csv"), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
    csv.lines().skip(1).forEach(line -> {
      String[] c = line.split(",");
      out.addAll(List.of(c[1], c[2], c[3]));
      out.addAll(List.of(c[7].split(";")));
    });
    out.removeIf(String::isBlank);
    out.sort(java.util.Comparator.comparingInt(String::length).reversed());
    return out;
  }

  /**
   * Opens every screen in {@code lang} as its person (signing out and in through the UI, switching
   * the language with the header's button) and hands it to {@code check} once it is drawn.
   */
  static void visit(Browser browser, Seeded seeded, String lang, Consumer<Screen> check) {
    Who current = Who.NOBODY;
    browser.open("/#/centers");
    for (Screen screen : list(seeded)) {
      if (screen.who() != current) {
        if (current != Who.NOBODY) {
          browser.signOut();
        }
        if (screen.who() != Who.NOBODY) {
          browser.signIn(screen.who().email, screen.who().password());
        }
        current = screen.who();
      }
      browser.open(screen.path());
      browser.switchLanguage(lang);
      check.accept(screen);
    }
    browser.signOut();
  }

  /** A round of the four centers, paired, published, answered, planned, and one staff member signed up. */
  static Seeded seed(TestServer server) {
    Api coord = server.coordinator();
    expect(coord.postCsv("/api/centers/import", Data.resource("centers.csv")), 200);
    expect(coord.postCsv("/api/people/import", Data.resource("people.csv")), 200);
    server.sql("UPDATE person SET password_hash = $1 WHERE password_hash IS NULL", Passwords.hashNow(Data.PASSWORD));

    JsonArray centers = coord.get("/api/centers").json().getJsonArray("centers");
    JsonArray centerIds = new JsonArray();
    long natori = 0;
    for (Object o : centers) {
      JsonObject c = (JsonObject) o;
      centerIds.add(c.getLong("id"));
      if ("natori-chuo".equals(c.getString("code"))) {
        natori = c.getLong("id");
      }
    }
    JsonObject round = expect(coord.post("/api/rounds", new JsonObject()
        .put("title", Data.ROUND_TITLE).put("description", Data.ROUND_DESCRIPTION)
        .put("startsOn", Data.startsOn().toString()).put("endsOn", Data.endsOn().toString())
        .put("topics", labels(Data.TOPICS)).put("prompts", labels(Data.PROMPTS)).put("centerIds", centerIds)), 201).json();
    String id = String.valueOf(round.getValue("id"));
    String url = "/api/rounds/" + id;
    expect(coord.post(url + "/pairing", new JsonObject()), 200);
    expect(coord.post(url + "/pairs/publish", null), 200);
    JsonArray slots = new JsonArray();
    for (int day = 0; day < 2; day++) {
      slots.add(new JsonObject().put("startsAt", Data.firstSlotDay().plusDays(day) + "T19:00:00+09:00").put("durationMinutes", 90));
    }
    expect(coord.send(io.vertx.core.http.HttpMethod.POST, url + "/slots", slots, "application/json"), 201);

    List<String> everyone = new ArrayList<>();
    Data.STAFF.forEach(p -> everyone.add(p.email()));
    everyone.add(Data.FACILITATOR.email());
    for (String email : everyone) {
      Api person = server.signedIn(email, Data.PASSWORD);
      for (Object o : person.get(url + "/slots").json().getJsonArray("slots")) {
        expect(person.put("/api/slots/" + ((JsonObject) o).getValue("id") + "/availability", new JsonObject().put("answer", "yes")), 200, 204);
      }
    }
    expect(coord.post("/api/hosts", new JsonObject().put("name", "かけはし Zoom 1")), 201);
    JsonObject plan = expect(coord.post(url + "/schedule", null), 200).json();
    if (!plan.getJsonArray("unplaced").isEmpty()) {
      throw new IllegalStateException("set-up: a pair was not placed: " + plan.encode());
    }

    Api sato = server.signedIn(Data.STAFF.get(0).email(), Data.PASSWORD);
    long natoriSession = -1;
    for (Object o : sato.get(url + "/sessions").json().getJsonArray("sessions")) {
      JsonObject session = (JsonObject) o;
      final long center = natori;
      if (session.getJsonArray("centerIds").stream().anyMatch(c -> ((Number) c).longValue() == center)) {
        natoriSession = session.getLong("id");
      }
    }
    expect(sato.post("/api/sessions/" + natoriSession + "/registrations", new JsonObject()
        .put("topics", new JsonArray().add(Data.TOPICS.get(0).key()).add(Data.TOPICS.get(1).key()))), 201);

    // Someone who has not set a password yet, for the invitation page.
    long newcomer = expect(coord.post("/api/people", new JsonObject().put("email", "yamada.taro@natori.example.jp")
        .put("name", "山田 太郎").put("centerId", natori)), 201).json().getLong("id");
    expect(coord.post("/api/people/" + newcomer + "/invite", null), 202);
    String mail = server.sql("SELECT payload->>'text' FROM outbox WHERE payload->>'to' = 'yamada.taro@natori.example.jp'"
        + " ORDER BY id DESC LIMIT 1").iterator().next().getString(0);
    Matcher m = Pattern.compile("/invite/[A-Za-z0-9_-]+").matcher(mail);
    if (!m.find()) {
      throw new IllegalStateException("no invitation link in " + mail);
    }
    long[] held = heldSession(server, natori, centerIds);
    return new Seeded(id, natori, m.group(), String.valueOf(held[0]), held[1]);
  }

  /**
   * A second round of the same centers, planned a week later, in which 佐藤 signs up, the facilitator
   * assigns the rooms, the session is moved to now (the UI plans only future times; PATCH as the
   * coordinator), marked held, and 佐藤 writes a reflection: for the rooms board, the reflection form,
   * the summaries, the history and the network. Returns {round id, Natori's session id}.
   */
  private static long[] heldSession(TestServer server, long natori, JsonArray centerIds) {
    Api coord = server.signedIn(Data.COORDINATOR, Data.COORDINATOR_PASSWORD);
    JsonObject round = expect(coord.post("/api/rounds", new JsonObject()
        .put("title", Data.SECOND_ROUND_TITLE).put("description", Data.ROUND_DESCRIPTION)
        .put("startsOn", Data.startsOn().toString()).put("endsOn", Data.endsOn().toString())
        .put("topics", labels(Data.TOPICS)).put("prompts", labels(Data.PROMPTS)).put("centerIds", centerIds)), 201).json();
    String url = "/api/rounds/" + round.getValue("id");
    expect(coord.post(url + "/pairing", new JsonObject()), 200);
    expect(coord.post(url + "/pairs/publish", null), 200);
    // Two times (one licence and one facilitator: the two pairs meet on different days), a week after the first round's.
    JsonArray slots = new JsonArray();
    for (int day = 7; day < 9; day++) {
      slots.add(new JsonObject().put("startsAt", Data.firstSlotDay().plusDays(day) + "T19:00:00+09:00").put("durationMinutes", 90));
    }
    expect(coord.send(io.vertx.core.http.HttpMethod.POST, url + "/slots", slots, "application/json"), 201);
    List<String> everyone = new ArrayList<>();
    Data.STAFF.forEach(p -> everyone.add(p.email()));
    everyone.add(Data.FACILITATOR.email());
    Api sato = null;
    Api facilitator = null;
    for (String email : everyone) {
      Api person = server.signedIn(email, Data.PASSWORD);
      for (Object o : person.get(url + "/slots").json().getJsonArray("slots")) {
        expect(person.put("/api/slots/" + ((JsonObject) o).getValue("id") + "/availability", new JsonObject().put("answer", "yes")), 200, 204);
      }
      if (email.equals(Data.STAFF.get(0).email())) {
        sato = person;
      } else if (email.equals(Data.FACILITATOR.email())) {
        facilitator = person;
      }
    }
    JsonObject plan = expect(coord.post(url + "/schedule", null), 200).json();
    long session = -1;
    for (Object o : plan.getJsonArray("sessions")) {
      JsonObject s = (JsonObject) o;
      if (s.getJsonArray("centerIds").stream().anyMatch(c -> ((Number) c).longValue() == natori)) {
        session = s.getLong("id");
      }
    }
    if (session < 0) {
      throw new IllegalStateException("set-up: no session for Natori in the second round: " + plan.encode());
    }
    String at = "/api/sessions/" + session;
    expect(sato.post(at + "/registrations", new JsonObject()
        .put("topics", new JsonArray().add(Data.TOPICS.get(0).key()).add(Data.TOPICS.get(1).key()))), 201);
    expect(facilitator.post(at + "/rooms/assign", new JsonObject().put("minSize", 1).put("maxSize", 6)), 200);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.MINUTES);
    expect(coord.patch(at, new JsonObject().put("startsAt", now.minusMinutes(30).toString())
        .put("endsAt", now.plusMinutes(60).toString())), 200);
    expect(facilitator.post(at + "/held", null), 200);
    expect(sato.put(at + "/reflections/me", new JsonObject()
        .put("answers", new JsonObject().put(Data.PROMPTS.get(0).key(), "相手の公民館では、防災訓練に子どもたちが企画から参加していました。")
            .put(Data.PROMPTS.get(1).key(), "自分の公民館でも、子どもと一緒に防災訓練を企画してみたいです。"))
        .put("visibility", "partners").put("quoteAs", "name")), 200, 201);
    return new long[] {round.getLong("id"), session};
  }

  private static JsonArray labels(List<Data.Label> list) {
    JsonArray array = new JsonArray();
    list.forEach(l -> array.add(new JsonObject().put("key", l.key()).put("ja", l.ja()).put("en", l.en())));
    return array;
  }

  private static Api.Res expect(Api.Res res, int... statuses) {
    for (int status : statuses) {
      if (res.status() == status) {
        return res;
      }
    }
    throw new IllegalStateException("set-up request answered " + res);
  }
}
