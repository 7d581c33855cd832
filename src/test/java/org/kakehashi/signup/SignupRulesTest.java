package org.kakehashi.signup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Role;
import org.kakehashi.support.TestServer;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-up rules are written twice, for speed: SQL for the one-statement path
 * ({@link SignupRules#ALLOWED}) and Java for the path that says which rule failed
 * ({@link SignupRules#check}). Over every combination of session status, sign-up window, open to
 * all, the signer's center (in the pair, in the round only, outside it, none), coordinator or not,
 * and topics, both must give the same answer.
 */
class SignupRulesTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static long natori;
  static long matsue;
  static long kobe;
  static long osaka;

  @BeforeAll
  static void seed() {
    natori = server.center("natori", "名取市");
    matsue = server.center("matsue", "松江市");
    kobe = server.center("kobe", "神戸市");
    osaka = server.center("osaka", "大阪市");
  }

  record Session(long id, String status, String window, boolean openToAll) {
  }

  static Session session(String status, String window, boolean openToAll) {
    long round = server.sql("INSERT INTO round (title, starts_on, ends_on, status, topics) VALUES ('冬', '2027-01-01', '2027-03-31',"
        + " 'scheduling', '[{\"key\":\"awareness\",\"ja\":\"気づき\",\"en\":\"A\"},{\"key\":\"future\",\"ja\":\"職員像\",\"en\":\"F\"}]')"
        + " RETURNING id").iterator().next().getLong("id");
    server.sql("INSERT INTO round_center (round_id, center_id) VALUES ($1, $2), ($1, $3), ($1, $4)", round, natori, matsue, kobe);
    long pair = server.sql("INSERT INTO pair (round_id, score) VALUES ($1, 0) RETURNING id", round).iterator().next().getLong("id");
    server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) VALUES ($1, $2, $3), ($1, $2, $4)", pair, round, natori, matsue);
    String opens = window.equals("not yet") ? "now() + interval '1 day'" : "NULL";
    String closes = window.equals("closed") ? "now() - interval '1 day'" : "now() + interval '5 days'";
    long id = server.sql("INSERT INTO session (round_id, pair_id, starts_at, ends_at, capacity, status, held_at, open_to_all,"
        + " signup_opens_at, signup_closes_at) VALUES ($1, $2, now() + interval '10 days', now() + interval '10 days 2 hours', 10, $3,"
        + " CASE WHEN $3 = 'held' THEN now() END, $4, " + opens + ", " + closes + ") RETURNING id", round, pair, status, openToAll)
        .iterator().next().getLong("id");
    return new Session(id, status, window, openToAll);
  }

  @Test
  @DisplayName("the SQL rules and the Java rules agree on every combination of their inputs")
  void sqlAndJavaAgree() throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (String status : List.of("scheduled", "cancelled", "held")) {
      for (String window : List.of("open", "not yet", "closed")) {
        for (boolean open : List.of(false, true)) {
          sessions.add(session(status, window, open));
        }
      }
    }
    List<Long> centers = new ArrayList<>(List.of(natori, kobe, osaka));
    centers.add(null);
    List<List<String>> topicChoices = List.of(List.of(), List.of("awareness"), List.of("future", "awareness"),
        List.of("nope"), List.of("awareness", "awareness"), List.of("awareness", "future", "awareness", "future"));
    int compared = 0;
    int allowed = 0;
    List<String> disagreements = new ArrayList<>();
    for (Session s : sessions) {
      for (Long center : centers) {
        for (boolean coordinator : List.of(false, true)) {
          Principal me = new Principal(1, "職員", "a@example.jp", "ja", coordinator ? Set.of(Role.COORDINATOR) : Set.of(Role.STAFF),
              center, "x");
          RegistrationStore.Context c = RegistrationStore.context(server.pool(), s.id(), 1, center).await(30, TimeUnit.SECONDS);
          for (List<String> topics : topicChoices) {
            // $2 and $4 (the person and the Zoom e-mail) belong to the registering statement, not to the rules.
            boolean sql = server.sql("SELECT EXISTS (" + SignupRules.ALLOWED + ") AND $2::bigint IS NULL AND $4::text IS NULL AS ok",
                s.id(), null,
                topics.toArray(String[]::new), null, center, coordinator).iterator().next().getBoolean("ok");
            boolean java = SignupRules.allowed(me, c.facts(), topics, OffsetDateTime.now());
            compared++;
            allowed += java ? 1 : 0;
            if (sql != java) {
              disagreements.add(s + " center " + center + " coordinator " + coordinator + " topics " + topics
                  + ": SQL " + sql + ", Java " + java);
            }
          }
        }
      }
    }
    assertThat(disagreements).as("combinations where the two definitions differ").isEmpty();
    assertThat(compared).isEqualTo(18 * 4 * 2 * 6);
    assertThat(allowed).as("both answers occur").isBetween(1, compared - 1);
  }
}
