package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

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

  /** What the set-up made: the round, a center, and an unused invitation link. */
  record Seeded(String roundId, long centerId, String invitePath) {
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
    return List.of(
        new Screen("signin", Who.NOBODY, "/#/centers"),
        new Screen("invitation", Who.NOBODY, s.invitePath()),
        new Screen("centers", Who.COORDINATOR, "/#/centers"),
        new Screen("center", Who.COORDINATOR, "/#/centers/" + s.centerId()),
        new Screen("people", Who.COORDINATOR, "/#/people"),
        new Screen("import", Who.COORDINATOR, "/#/import"),
        new Screen("rounds", Who.COORDINATOR, "/#/rounds"),
        new Screen("round-new", Who.COORDINATOR, "/#/rounds/new"),
        new Screen("round-coordinator", Who.COORDINATOR, round),
        new Screen("account", Who.COORDINATOR, "/#/account"),
        new Screen("round-staff-signed-up", Who.STAFF_SIGNED_UP, round),
        new Screen("round-staff-signup", Who.STAFF, round),
        new Screen("round-facilitator", Who.FACILITATOR, round));
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
    return new Seeded(id, natori, m.group());
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
