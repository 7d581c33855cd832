package org.kakehashi.credentials;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the credentials capability: the issuer's keys, absences, the credentials and their status.
 * Writes only its own tables ({@code credential_key}, {@code credential_absence}, {@code credential});
 * reads sessions, registrations, rooms, centers and reflections to know what to offer.
 */
public final class CredentialStore {

  /** A stored signing key. */
  record KeyRow(String kid, String alg, String publicJwk, String privateJwk, boolean encrypted, OffsetDateTime retiredAt) {
  }

  /**
   * A held session a person attended, with what a credential about it says: the round, the times,
   * the centers' places, the topic keys (rooms' topics, else the person's ranked ones) with the
   * round's labels, and the person's "what I will try" answer (prompt key {@code try}); {@code tryAnonymous}: that
   * answer is in a note written as anonymous, so it may not go into a credential under the person's name.
   */
  record Attended(long sessionId, long roundId, String roundTitle, OffsetDateTime startsAt, OffsetDateTime endsAt,
                  List<String> cities, List<String> topics, String tryAnswer, String personName, boolean tryAnonymous) {
  }

  /** A credential as stored. */
  record Credential(UUID id, long sessionId, long personId, String achievement, int statusIndex, String jwt,
                    boolean withEvidence, boolean published, OffsetDateTime issuedAt, OffsetDateTime revokedAt,
                    String revokeReason) {
  }

  /** A row of a round's list for coordinators. */
  record Listed(UUID id, long sessionId, OffsetDateTime startsAt, String personName, String centerName, String city,
                String achievement, OffsetDateTime issuedAt, OffsetDateTime revokedAt, String revokeReason) {
  }

  /** Per round: held sessions, people who attended them, credentials issued and revoked. */
  record RoundCount(long roundId, String title, long heldSessions, long attended, long issued, long revoked) {
  }

  private CredentialStore() {
  }

  static Future<List<KeyRow>> keys(SqlClient db) {
    return db.query("SELECT kid, alg, public_jwk::text AS pub, private_jwk, encrypted, retired_at FROM credential_key"
            + " ORDER BY created_at, kid").execute()
        .map(rows -> {
          List<KeyRow> out = new ArrayList<>();
          rows.forEach(r -> out.add(new KeyRow(r.getString("kid"), r.getString("alg"), r.getString("pub"),
              r.getString("private_jwk"), r.getBoolean("encrypted"), r.getOffsetDateTime("retired_at"))));
          return out;
        });
  }

  static Future<Void> insertKey(SqlClient db, String kid, String alg, String publicJwk, String privateJwk, boolean encrypted) {
    return db.preparedQuery("INSERT INTO credential_key (kid, alg, public_jwk, private_jwk, encrypted)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kid) DO NOTHING")
        .execute(Tuple.of(kid, alg, new JsonObject(publicJwk), privateJwk, encrypted)).mapEmpty();
  }

  static Future<Void> reseal(SqlClient db, String kid, String privateJwk, boolean encrypted) {
    return db.preparedQuery("UPDATE credential_key SET private_jwk = $2, encrypted = $3 WHERE kid = $1")
        .execute(Tuple.of(kid, privateJwk, encrypted)).mapEmpty();
  }

  private static final String ATTENDED = """
      SELECT s.id AS session_id, s.round_id, r.title, s.starts_at, s.ends_at, r.topics AS round_topics,
             reg.topics AS my_topics, p.name AS person_name,
             (SELECT array_agg(DISTINCT rm.topic) FROM room rm WHERE rm.session_id = s.id AND rm.topic IS NOT NULL) AS room_topics,
             (SELECT array_agg(c.prefecture || c.city ORDER BY c.id) FROM pair_member pm JOIN center c ON c.id = pm.center_id
               WHERE pm.pair_id = s.pair_id) AS cities,
             ref.answers ->> 'try' AS try_answer, ref.quote_as IS DISTINCT FROM 'name' AS try_anonymous
        FROM registration reg
        JOIN session s ON s.id = reg.session_id
        JOIN round r ON r.id = s.round_id
        JOIN person p ON p.id = reg.person_id
        LEFT JOIN reflection ref ON ref.session_id = s.id AND ref.person_id = reg.person_id
       WHERE reg.person_id = $1 AND reg.status = 'confirmed' AND s.status = 'held'
         AND NOT EXISTS (SELECT 1 FROM credential_absence a WHERE a.session_id = s.id AND a.person_id = reg.person_id)
      """;

  /** Every held session the person attended, newest first. */
  static Future<List<Attended>> attended(SqlClient db, long personId) {
    return db.preparedQuery(ATTENDED + " ORDER BY s.starts_at DESC").execute(Tuple.of(personId)).map(rows -> {
      List<Attended> out = new ArrayList<>();
      rows.forEach(r -> out.add(attended(r)));
      return out;
    });
  }

  /** The held session if the person attended it, else null. */
  static Future<Attended> attended(SqlClient db, long personId, long sessionId) {
    return db.preparedQuery(ATTENDED + " AND s.id = $2").execute(Tuple.of(personId, sessionId))
        .map(rows -> rows.size() == 0 ? null : attended(rows.iterator().next()));
  }

  private static Attended attended(Row r) {
    List<String> keys = strings(r, "room_topics");
    if (keys.isEmpty()) {
      keys = strings(r, "my_topics");
    }
    JsonArray labels = r.getValue("round_topics") instanceof JsonArray a ? a : new JsonArray();
    List<String> topics = new ArrayList<>();
    for (String k : keys) {
      String label = k;
      for (Object o : labels) {
        if (o instanceof JsonObject l && k.equals(l.getString("key"))) {
          label = l.getString("ja", k);
        }
      }
      topics.add(label);
    }
    return new Attended(r.getLong("session_id"), r.getLong("round_id"), r.getString("title"),
        r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), strings(r, "cities"), topics,
        r.getString("try_answer"), r.getString("person_name"), Boolean.TRUE.equals(r.getBoolean("try_anonymous")));
  }

  private static List<String> strings(Row r, String column) {
    String[] values = r.getArrayOfStrings(column);
    return values == null ? List.of() : Arrays.asList(values);
  }

  static Future<Integer> nextStatusIndex(SqlClient db) {
    return db.query("SELECT nextval('credential_status_index') AS n").execute()
        .map(rows -> (int) rows.iterator().next().getLong("n").longValue());
  }

  /** Stores a new credential; false when the person already has this achievement for the session. */
  static Future<Boolean> insert(SqlClient db, UUID id, long sessionId, long personId, String achievement, int statusIndex,
                                String kid, String jwt, boolean withEvidence, OffsetDateTime issuedAt) {
    return db.preparedQuery("INSERT INTO credential (id, session_id, person_id, achievement, status_index, kid, jwt,"
            + " with_evidence, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            + " ON CONFLICT (session_id, person_id, achievement) DO NOTHING")
        .execute(Tuple.tuple(List.of(id, sessionId, personId, achievement, statusIndex, kid, jwt, withEvidence, issuedAt)))
        .map(rows -> rows.rowCount() == 1);
  }

  private static final String CREDENTIAL = "SELECT id, session_id, person_id, achievement, status_index, jwt, with_evidence,"
      + " published, issued_at, revoked_at, revoke_reason FROM credential";

  static Future<List<Credential>> ofPerson(SqlClient db, long personId) {
    return db.preparedQuery(CREDENTIAL + " WHERE person_id = $1 ORDER BY issued_at DESC").execute(Tuple.of(personId))
        .map(rows -> {
          List<Credential> out = new ArrayList<>();
          rows.forEach(r -> out.add(credential(r)));
          return out;
        });
  }

  static Future<Credential> byId(SqlClient db, UUID id) {
    return db.preparedQuery(CREDENTIAL + " WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : credential(rows.iterator().next()));
  }

  static Future<Credential> find(SqlClient db, long sessionId, long personId, String achievement) {
    return db.preparedQuery(CREDENTIAL + " WHERE session_id = $1 AND person_id = $2 AND achievement = $3")
        .execute(Tuple.of(sessionId, personId, achievement))
        .map(rows -> rows.size() == 0 ? null : credential(rows.iterator().next()));
  }

  private static Credential credential(Row r) {
    return new Credential(r.getUUID("id"), r.getLong("session_id"), r.getLong("person_id"), r.getString("achievement"),
        r.getInteger("status_index"), r.getString("jwt"), r.getBoolean("with_evidence"), r.getBoolean("published"),
        r.getOffsetDateTime("issued_at"), r.getOffsetDateTime("revoked_at"), r.getString("revoke_reason"));
  }

  static Future<Void> setPublished(SqlClient db, UUID id, boolean published) {
    return db.preparedQuery("UPDATE credential SET published = $2 WHERE id = $1").execute(Tuple.of(id, published)).mapEmpty();
  }

  /** Revokes; false when it was revoked already. */
  static Future<Boolean> revoke(SqlClient db, UUID id, long by, String reason) {
    return db.preparedQuery("UPDATE credential SET revoked_at = now(), revoked_by = $2, revoke_reason = $3"
            + " WHERE id = $1 AND revoked_at IS NULL").execute(Tuple.of(id, by, reason))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The revoked positions of one status list. */
  static Future<BitSet> revoked(SqlClient db, int list) {
    int from = (list - 1) * StatusList.SIZE;
    return db.preparedQuery("SELECT status_index FROM credential WHERE revoked_at IS NOT NULL"
            + " AND status_index >= $1 AND status_index < $2").execute(Tuple.of(from, from + StatusList.SIZE))
        .map(rows -> {
          BitSet bits = new BitSet(StatusList.SIZE);
          rows.forEach(r -> bits.set(r.getInteger("status_index") - from));
          return bits;
        });
  }

  static Future<List<RoundCount>> roundCounts(SqlClient db) {
    return db.query("""
        SELECT r.id, r.title,
               count(DISTINCT s.id) FILTER (WHERE s.status = 'held') AS held,
               (SELECT count(*) FROM registration reg JOIN session s2 ON s2.id = reg.session_id
                 WHERE s2.round_id = r.id AND s2.status = 'held' AND reg.status = 'confirmed'
                   AND NOT EXISTS (SELECT 1 FROM credential_absence a WHERE a.session_id = s2.id AND a.person_id = reg.person_id)) AS attended,
               (SELECT count(*) FROM credential c JOIN session s3 ON s3.id = c.session_id WHERE s3.round_id = r.id) AS issued,
               (SELECT count(*) FROM credential c JOIN session s4 ON s4.id = c.session_id
                 WHERE s4.round_id = r.id AND c.revoked_at IS NOT NULL) AS revoked
          FROM round r LEFT JOIN session s ON s.round_id = r.id
         GROUP BY r.id, r.title ORDER BY r.id DESC
        """).execute().map(rows -> {
          List<RoundCount> out = new ArrayList<>();
          rows.forEach(r -> out.add(new RoundCount(r.getLong("id"), r.getString("title"), r.getLong("held"),
              r.getLong("attended"), r.getLong("issued"), r.getLong("revoked"))));
          return out;
        });
  }

  static Future<List<Listed>> ofRound(SqlClient db, long roundId) {
    return db.preparedQuery("""
        SELECT c.id, c.session_id, s.starts_at, p.name AS person_name, ce.name AS center_name,
               ce.prefecture || ce.city AS city, c.achievement, c.issued_at, c.revoked_at, c.revoke_reason
          FROM credential c JOIN session s ON s.id = c.session_id JOIN person p ON p.id = c.person_id
          LEFT JOIN center ce ON ce.id = p.center_id
         WHERE s.round_id = $1 ORDER BY s.starts_at, ce.name, p.name, c.achievement
        """).execute(Tuple.of(roundId)).map(rows -> {
          List<Listed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Listed(r.getUUID("id"), r.getLong("session_id"), r.getOffsetDateTime("starts_at"),
              r.getString("person_name"), r.getString("center_name"), r.getString("city"), r.getString("achievement"),
              r.getOffsetDateTime("issued_at"), r.getOffsetDateTime("revoked_at"), r.getString("revoke_reason"))));
          return out;
        });
  }

  /** The round's id, or null when there is no such round. */
  static Future<Long> roundExists(SqlClient db, long roundId) {
    return db.preparedQuery("SELECT id FROM round WHERE id = $1").execute(Tuple.of(roundId))
        .map(rows -> rows.size() == 0 ? null : roundId);
  }

  /** The session's facilitator and status, or null when there is no such session. */
  record SessionFacts(long id, Long facilitatorId, String status) {
  }

  static Future<SessionFacts> session(SqlClient db, long sessionId) {
    return db.preparedQuery("SELECT id, facilitator_id, status FROM session WHERE id = $1").execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? null : new SessionFacts(sessionId, rows.iterator().next().getLong("facilitator_id"),
            rows.iterator().next().getString("status")));
  }

  static Future<Boolean> confirmed(SqlClient db, long sessionId, long personId) {
    return db.preparedQuery("SELECT 1 FROM registration WHERE session_id = $1 AND person_id = $2 AND status = 'confirmed'")
        .execute(Tuple.of(sessionId, personId)).map(rows -> rows.size() > 0);
  }

  static Future<Void> markAbsent(SqlClient db, long sessionId, long personId, long by, boolean absent) {
    return (absent
        ? db.preparedQuery("INSERT INTO credential_absence (session_id, person_id, marked_by) VALUES ($1, $2, $3)"
            + " ON CONFLICT (session_id, person_id) DO NOTHING").execute(Tuple.of(sessionId, personId, by))
        : db.preparedQuery("DELETE FROM credential_absence WHERE session_id = $1 AND person_id = $2")
            .execute(Tuple.of(sessionId, personId))).mapEmpty();
  }

  /** A confirmed participant of a session, for the facilitator's attendance list. */
  record Participant(long personId, String name, String centerName, boolean absent) {
  }

  /** The session's confirmed participants by center and name, each with whether they were marked absent. */
  static Future<List<Participant>> participants(SqlClient db, long sessionId) {
    return db.preparedQuery("""
        SELECT p.id, p.name, c.name AS center_name,
               EXISTS (SELECT 1 FROM credential_absence a WHERE a.session_id = r.session_id AND a.person_id = p.id) AS absent
          FROM registration r JOIN person p ON p.id = r.person_id LEFT JOIN center c ON c.id = p.center_id
         WHERE r.session_id = $1 AND r.status = 'confirmed' ORDER BY c.name NULLS LAST, p.name, p.id
        """).execute(Tuple.of(sessionId)).map(rows -> {
          List<Participant> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Participant(r.getLong("id"), r.getString("name"), r.getString("center_name"),
              r.getBoolean("absent"))));
          return out;
        });
  }

}
