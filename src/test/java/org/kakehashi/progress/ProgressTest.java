package org.kakehashi.progress;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16, the coordinator's "what still needs doing": who has not answered, reminding exactly
 * those (once per day, through the outbox), the pairs without a session and why, and what planning
 * again would change, before anything is replaced or e-mailed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;
  static long round;
  static long pairNatori;
  static long pairNaha;
  static JsonArray slots;

  static long center(String code, String city, String pref) {
    return server.sql("INSERT INTO center (code, name, city, prefecture, topics) VALUES ($1, $2, $3, $4, '{防災}') RETURNING id",
        code, city + "公民館", city, pref).iterator().next().getLong("id");
  }

  static long count(String sql, Object... params) {
    return server.sql(sql, params).iterator().next().getLong(0);
  }

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    long natori = center("natori", "名取市", "宮城県");
    long matsue = center("matsue", "松江市", "島根県");
    long naha = center("naha", "那覇市", "沖縄県");
    long susono = center("susono", "裾野市", "静岡県");
    server.person("natori@example.jp", natori, "staff-password");
    server.person("natori2@example.jp", natori, "staff-password");
    server.person("matsue@example.jp", matsue, "staff-password");
    server.person("naha@example.jp", naha, "staff-password");
    server.person("susono@example.jp", susono, "staff-password");
    server.person("facil@example.jp", null, "facil-password", "facilitator");
    // Invited, no password yet: cannot sign in, so a reminder would lead nowhere.
    server.sql("INSERT INTO person (email, name, center_id) VALUES ('new@example.jp', '新人', $1)", susono);
    round = coord.post("/api/rounds", new JsonObject().put("title", "冬の合同研修").put("startsOn", "2027-01-10")
        .put("endsOn", "2027-02-28").put("centerIds", new JsonArray().add(natori).add(matsue).add(naha).add(susono)))
        .json().getLong("id");
    server.sql("INSERT INTO pairing_run (round_id, total, method, candidate_edges) VALUES ($1, 0, 'edited', 0)", round);
    pairNatori = server.sql("INSERT INTO pair (round_id, score, locked) VALUES ($1, 50, true) RETURNING id", round).iterator().next().getLong("id");
    pairNaha = server.sql("INSERT INTO pair (round_id, score, locked) VALUES ($1, 50, true) RETURNING id", round).iterator().next().getLong("id");
    server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) VALUES ($1, $3, $4), ($1, $3, $5), ($2, $3, $6), ($2, $3, $7)",
        pairNatori, pairNaha, round, natori, matsue, naha, susono);
  }

  static void answer(String email, int slot, String answer) {
    Api api = server.signedIn(email, email.startsWith("facil") ? "facil-password" : "staff-password");
    assertThat(api.put("/api/slots/" + slots.getJsonObject(slot).getLong("id") + "/availability",
        new JsonObject().put("answer", answer)).status()).isEqualTo(200);
  }

  static List<String> names(JsonArray people) {
    List<String> out = new ArrayList<>();
    people.forEach(o -> out.add(((JsonObject) o).getString("name")));
    return out;
  }

  @Test
  @Order(1)
  @DisplayName("before the pairs are published: 409, nothing to remind")
  void beforePublishing() {
    assertThat(coord.get("/api/rounds/" + round + "/progress").status()).isEqualTo(409);
    assertThat(coord.post("/api/rounds/" + round + "/reminders", null).status()).isEqualTo(409);
    assertThat(coord.get("/api/rounds/999999/progress").status()).isEqualTo(404);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    slots = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-01-20T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-01-23T10:00:00+09:00"))).json().getJsonArray("slots");
  }

  @Test
  @Order(2)
  @DisplayName("who has answered nothing is listed; the reminder reaches exactly those who can sign in, once a day")
  void unansweredAndReminded() {
    answer("natori@example.jp", 0, "yes");
    answer("matsue@example.jp", 1, "no"); // "no" is an answer too
    answer("facil@example.jp", 0, "yes");
    JsonObject progress = coord.get("/api/rounds/" + round + "/progress").json();
    JsonArray unanswered = progress.getJsonArray("unanswered");
    List<String> emails = new ArrayList<>();
    server.sql("SELECT email::text FROM person WHERE id = ANY($1::bigint[])",
            (Object) unanswered.stream().map(o -> ((JsonObject) o).getLong("personId")).toArray(Long[]::new))
        .forEach(r -> emails.add(r.getString(0)));
    assertThat(emails).containsExactlyInAnyOrder("natori2@example.jp", "naha@example.jp", "susono@example.jp", "new@example.jp");
    assertThat(unanswered.stream().map(o -> (JsonObject) o).filter(o -> !o.getBoolean("canSignIn")).map(o -> o.getString("name")))
        .containsExactly("新人");

    long before = count("SELECT count(*) FROM outbox");
    JsonObject sent = coord.post("/api/rounds/" + round + "/reminders", null).json();
    assertThat(sent.getInteger("reminded")).isEqualTo(3);
    assertThat(sent.getInteger("cannotSignIn")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM outbox") - before).isEqualTo(3);
    List<String> to = new ArrayList<>();
    server.sql("SELECT payload->>'to' FROM outbox ORDER BY id DESC LIMIT 3").forEach(r -> to.add(r.getString(0)));
    assertThat(to).containsExactlyInAnyOrder("natori2@example.jp", "naha@example.jp", "susono@example.jp");
    String text = server.sql("SELECT payload->>'text' FROM outbox WHERE payload->>'to' = 'naha@example.jp' ORDER BY id DESC LIMIT 1")
        .iterator().next().getString(0);
    assertThat(text).contains("冬の合同研修", "/#/rounds/" + round + "/answers");

    // Pressed again at once: nobody is e-mailed twice.
    JsonObject again = coord.post("/api/rounds/" + round + "/reminders", null).json();
    assertThat(again.getInteger("reminded")).isZero();
    assertThat(again.getInteger("recentlyReminded")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM outbox") - before).isEqualTo(3);
    JsonObject quick = coord.get("/api/rounds/" + round + "/progress?preview=false").json();
    assertThat(quick.getJsonArray("unanswered")).hasSize(4);
    assertThat(quick.getJsonObject("replan").getBoolean("skipped")).isTrue();
    assertThat(coord.get("/api/rounds/" + round + "/progress").json().getJsonArray("unanswered").stream()
        .map(o -> (JsonObject) o).filter(o -> o.getBoolean("canSignIn")).map(o -> o.getString("remindedAt")))
        .as("each one reminded says when").hasSize(3).doesNotContainNull();

    // A day later the throttle has passed; whoever answered meanwhile is not reminded.
    server.sql("UPDATE answer_reminder SET sent_at = sent_at - interval '1 day' WHERE round_id = $1", round);
    answer("naha@example.jp", 0, "maybe");
    assertThat(coord.post("/api/rounds/" + round + "/reminders", null).json().getInteger("reminded")).isEqualTo(2);
  }

  @Test
  @Order(3)
  @DisplayName("pairs without a session and why; the re-plan preview says what would change and e-mails nobody")
  void pairsAndPreview() {
    JsonObject progress = coord.get("/api/rounds/" + round + "/progress").json();
    // No licence yet: nothing can be planned, and the preview says why.
    assertThat(progress.getJsonObject("replan").getBoolean("possible")).isFalse();
    assertThat(progress.getJsonObject("replan").getString("reason")).isEqualTo("no_hosts");
    assertThat(progress.getJsonArray("pairsWithoutSession")).hasSize(2);

    assertThat(coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1")).status()).isEqualTo(201);
    long outbox = count("SELECT count(*) FROM outbox");
    JsonObject preview = coord.get("/api/rounds/" + round + "/progress").json();
    JsonObject replan = preview.getJsonObject("replan");
    // Natori–Matsue have no slot both can make (Matsue said no to the only time Natori can);
    // Naha–Susono: Naha can on the 20th but Susono has not answered.
    assertThat(replan.getBoolean("possible")).isTrue();
    assertThat(replan.getInteger("sessions")).isZero();
    assertThat(preview.getJsonArray("pairsWithoutSession").stream().map(o -> ((JsonObject) o).getString("reason")))
        .containsOnly("no_common_slot");
    assertThat(count("SELECT count(*) FROM session WHERE round_id = $1", round)).as("the preview saved nothing").isZero();
    assertThat(count("SELECT count(*) FROM outbox")).as("and queued nothing").isEqualTo(outbox);

    answer("susono@example.jp", 0, "yes");
    answer("matsue@example.jp", 0, "yes");
    JsonObject ready = coord.get("/api/rounds/" + round + "/progress").json();
    // Both pairs can now meet on the 20th, but one licence and one facilitator make one session:
    // planning again would place one pair, and says why not the other.
    assertThat(ready.getJsonArray("pairsWithoutSession").stream().map(o -> ((JsonObject) o).getString("reason")).toList())
        .containsExactlyInAnyOrder("replan_places", ready.getJsonArray("pairsWithoutSession").stream()
            .map(o -> ((JsonObject) o).getString("reason")).filter(r -> !r.equals("replan_places")).findFirst().orElse("none"))
        .anySatisfy(r -> assertThat(r).isIn("no_free_slot", "no_facilitator", "no_licence"));
    JsonObject would = ready.getJsonObject("replan");
    assertThat(would.getInteger("sessions")).isEqualTo(1); // one licence, one facilitator, one time: one session
    assertThat(would.getInteger("changed")).isEqualTo(1);
    assertThat(would.getInteger("cancelled")).isZero();
    assertThat(would.getInteger("emails")).isGreaterThanOrEqualTo(3);
    assertThat(count("SELECT count(*) FROM session WHERE round_id = $1", round)).isZero();
    assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(outbox);

    // Planning for real does what the preview said.
    JsonObject plan = coord.post("/api/rounds/" + round + "/schedule", null).json();
    assertThat(plan.getJsonArray("sessions").stream().filter(o -> !"cancelled".equals(((JsonObject) o).getString("status"))).count())
        .isEqualTo(would.getInteger("sessions").longValue());
    JsonObject after = coord.get("/api/rounds/" + round + "/progress").json();
    assertThat(after.getJsonArray("pairsWithoutSession")).hasSize(1);
    assertThat(after.getJsonObject("replan").getInteger("changed")).as("planning again now changes nothing").isZero();
  }
}
