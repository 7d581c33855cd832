package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.rounds.Round;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for the {@code reflection} table and the held state of a session ({@code session.status = 'held'},
 * {@code held_at}, {@code reflections_reminded_at}). A session that became held some other way
 * without {@code held_at} counts as held at its end.
 */
public final class ReflectionStore {

  /** How many ended sessions one tick claims at most (the next tick takes the rest). */
  static final int TICK_BATCH = 100;

  private ReflectionStore() {
  }

  /** The end of the edit window of a held session, in SQL ($n is the number of days). */
  private static String until(int param) {
    return "COALESCE(s.held_at, s.ends_at) + make_interval(days => $" + param + ")";
  }

  /** Dates the session's notes a few hours after it was held, spread by writer (demo data); returns how many. */
  public static Future<Integer> dateAfterSession(SqlClient tx, long sessionId) {
    return tx.preparedQuery("""
            UPDATE reflection f SET created_at = s.held_at + ((f.person_id % 5) * 5 + 2) * interval '1 hour',
                   updated_at = s.held_at + ((f.person_id % 5) * 5 + 2) * interval '1 hour'
              FROM session s WHERE s.id = f.session_id AND f.session_id = $1""")
        .execute(Tuple.of(sessionId)).map(rows -> rows.rowCount());
  }

  /** The confirmed participants of the sessions to e-mail; {@code onlyMissing}: those without a note. */
  static Future<List<ReflectionMail.Recipient>> recipients(SqlClient client, List<Long> sessionIds, boolean onlyMissing,
                                                            int editDays) {
    return client.preparedQuery("""
            SELECT s.id AS session_id, p.email::text AS email, p.name, p.locale, r.title, s.starts_at, r.prompts,
                   %s AS until
              FROM session s JOIN round r ON r.id = s.round_id
              JOIN registration g ON g.session_id = s.id AND g.status = 'confirmed'
              JOIN person p ON p.id = g.person_id
             WHERE s.id = ANY ($1)
               AND (NOT $3 OR NOT EXISTS (SELECT 1 FROM reflection f WHERE f.session_id = s.id AND f.person_id = p.id))
             ORDER BY s.id, p.id""".formatted(until(2)))
        .execute(Tuple.of(sessionIds.toArray(Long[]::new), editDays, onlyMissing))
        .map(rows -> {
          List<ReflectionMail.Recipient> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new ReflectionMail.Recipient(r.getLong("session_id"), r.getString("email"), r.getString("name"),
                r.getString("locale"), r.getString("title"), r.getOffsetDateTime("starts_at"), labels(r.getValue("prompts")),
                r.getOffsetDateTime("until")));
          }
          return out;
        });
  }

  /** A note as its writer sees it. */
  public record Mine(Map<String, String> answers, String visibility, String quoteAs, OffsetDateTime updatedAt) {
  }

  /** What the reflection routes need to know about a session and the viewer, in one query. */
  public record Context(long sessionId, long roundId, String roundTitle, String status, OffsetDateTime startsAt,
                        OffsetDateTime endsAt, Long facilitatorId, List<Long> centerIds, List<Round.Label> prompts,
                        OffsetDateTime editableUntil, boolean open, boolean confirmed, Mine mine) {
  }

  public static Future<Context> context(SqlClient client, long sessionId, long personId, int editDays) {
    return client.preparedQuery("""
            SELECT s.id, s.round_id, r.title, s.status, s.starts_at, s.ends_at, s.facilitator_id, r.prompts,
                   ARRAY(SELECT m.center_id FROM pair_member m WHERE m.pair_id = s.pair_id ORDER BY m.center_id) AS centers,
                   CASE WHEN s.status = 'held' THEN %1$s END AS until,
                   (s.status = 'held' AND %1$s > now()) AS open,
                   (g.status = 'confirmed') AS confirmed,
                   f.answers, f.visibility, f.quote_as, f.updated_at
              FROM session s JOIN round r ON r.id = s.round_id
              LEFT JOIN registration g ON g.session_id = s.id AND g.person_id = $2
              LEFT JOIN reflection f ON f.session_id = s.id AND f.person_id = $2
             WHERE s.id = $1""".formatted(until(3)))
        .execute(Tuple.of(sessionId, personId, editDays))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Session");
          }
          Row r = rows.iterator().next();
          Mine mine = r.getString("visibility") == null ? null : new Mine(answers(r.getValue("answers")),
              r.getString("visibility"), r.getString("quote_as"), r.getOffsetDateTime("updated_at"));
          return new Context(sessionId, r.getLong("round_id"), r.getString("title"), r.getString("status"),
              r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), r.getLong("facilitator_id"),
              Arrays.asList(r.getArrayOfLongs("centers")), labels(r.getValue("prompts")), r.getOffsetDateTime("until"),
              Boolean.TRUE.equals(r.getBoolean("open")), Boolean.TRUE.equals(r.getBoolean("confirmed")), mine);
        });
  }

  /**
   * Writes the person's note, in one statement that itself checks what the route checked before
   * (a confirmed participant, a held session, inside the edit window), so a note can never be written
   * past the window, however the requests race. False when nothing was written.
   */
  public static Future<Boolean> save(SqlClient client, long sessionId, long personId, JsonObject answers, String visibility,
                                     String quoteAs, int editDays) {
    return save(client, sessionId, personId, answers, visibility, quoteAs, editDays, PhraseRanking.Analysis.of(answers(answers)));
  }

  /** As above, with the note's key-phrase analysis written in the same call (use a transaction: PhraseStore.write). */
  public static Future<Boolean> save(SqlClient client, long sessionId, long personId, JsonObject answers, String visibility,
                                     String quoteAs, int editDays, PhraseRanking.Analysis phrases) {
    return client.preparedQuery("""
            INSERT INTO reflection (session_id, person_id, answers, visibility, quote_as)
            SELECT s.id, g.person_id, $3, $4, $5
              FROM session s JOIN registration g ON g.session_id = s.id AND g.person_id = $2 AND g.status = 'confirmed'
             WHERE s.id = $1 AND s.status = 'held' AND %s > now()
            ON CONFLICT (session_id, person_id) DO UPDATE
               SET answers = EXCLUDED.answers, visibility = EXCLUDED.visibility, quote_as = EXCLUDED.quote_as,
                   updated_at = now()
            RETURNING updated_at""".formatted(until(6)))
        .execute(Tuple.of(sessionId, personId, answers, visibility, quoteAs, editDays))
        .compose(rows -> rows.size() != 1 ? Future.succeededFuture(false)
            : PhraseStore.write(client, List.of(sessionId), List.of(personId), List.of(phrases)).map(true));
  }

  /** A held session in scope of a summary or export. */
  public record ScopeSession(long id, OffsetDateTime startsAt, Long facilitatorId, List<Summarizer.Center> centers) {
  }

  /** A note with everything a summary, a listing and the export need. */
  public record NoteRow(long sessionId, long personId, String author, Long centerId, String visibility, String quoteAs,
                        Map<String, String> answers, String topic, Long roomId, String roomName, OffsetDateTime updatedAt) {
  }

  /** The held sessions of a round (or one session), only those facilitated by {@code facilitatorId} when given. */
  public static Future<List<ScopeSession>> heldSessions(SqlClient client, Long roundId, Long sessionId, Long facilitatorId) {
    return client.preparedQuery("""
            SELECT s.id, s.starts_at, s.facilitator_id,
                   array_agg(c.id ORDER BY c.id) AS ids, array_agg(c.name ORDER BY c.id) AS names,
                   array_agg(c.city ORDER BY c.id) AS cities
              FROM session s JOIN pair_member m ON m.pair_id = s.pair_id JOIN center c ON c.id = m.center_id
             WHERE s.status = 'held' AND (s.round_id = $1 OR s.id = $2) AND ($3::bigint IS NULL OR s.facilitator_id = $3)
             GROUP BY s.id ORDER BY s.starts_at, s.id""")
        .execute(Tuple.of(roundId, sessionId, facilitatorId))
        .map(rows -> {
          List<ScopeSession> out = new ArrayList<>();
          for (Row r : rows) {
            Long[] ids = r.getArrayOfLongs("ids");
            String[] names = r.getArrayOfStrings("names");
            String[] cities = r.getArrayOfStrings("cities");
            List<Summarizer.Center> centers = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
              centers.add(new Summarizer.Center(ids[i], names[i], cities[i]));
            }
            out.add(new ScopeSession(r.getLong("id"), r.getOffsetDateTime("starts_at"), r.getLong("facilitator_id"), centers));
          }
          return out;
        });
  }

  /** Does the person facilitate any session of the round? */
  public static Future<Boolean> facilitatesInRound(SqlClient client, long roundId, long personId) {
    return client.preparedQuery("SELECT 1 FROM session WHERE round_id = $1 AND facilitator_id = $2 LIMIT 1")
        .execute(Tuple.of(roundId, personId)).map(rows -> rows.size() > 0);
  }

  /** The notes of the sessions, with the writer's center, topic (their room's, else their first ranked) and room. */
  public static Future<List<NoteRow>> notes(SqlClient client, List<Long> sessionIds) {
    return notesText(client, sessionIds).map(ReflectionStore::parse);
  }

  /** A note as read, its answers still JSON text: the driver only decodes a string; {@link #parse} on a worker. */
  public record NoteText(long sessionId, long personId, String author, Long centerId, String visibility, String quoteAs,
                         String answers, String topic, Long roomId, String roomName, OffsetDateTime updatedAt) {
  }

  /** As {@link #notes}, the answers left as JSON text (parse them off the event loop). */
  public static Future<List<NoteText>> notesText(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("""
            SELECT f.session_id, f.person_id, p.name, p.center_id, f.visibility, f.quote_as, f.answers::text AS answers,
                   f.updated_at, COALESCE(rm.topic, g.topics[1]) AS topic, rm.id AS room_id, rm.name AS room_name
              FROM reflection f JOIN person p ON p.id = f.person_id
              LEFT JOIN registration g ON g.session_id = f.session_id AND g.person_id = f.person_id
              LEFT JOIN room_member mm ON mm.session_id = f.session_id AND mm.person_id = f.person_id
              LEFT JOIN room rm ON rm.id = mm.room_id
             WHERE f.session_id = ANY ($1)
             ORDER BY f.session_id, p.center_id, f.person_id""")
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          List<NoteText> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new NoteText(r.getLong("session_id"), r.getLong("person_id"), r.getString("name"), r.getLong("center_id"),
                r.getString("visibility"), r.getString("quote_as"), r.getString("answers"), r.getString("topic"),
                r.getLong("room_id"), r.getString("room_name"), r.getOffsetDateTime("updated_at")));
          }
          return out;
        });
  }

  /**
   * A note as a summary reads it: who wrote it and what groups it, and its stored analysis (null when it has
   * none of today's analyser) with the hash of the text it was made from. The answers' JSON text is read
   * only where the summary cannot do without it (no analysis, or one without its text's hash); the quotes'
   * sentences are read afterwards from the few notes chosen ({@link #answersOf}).
   */
  public record SummaryNote(long sessionId, long personId, String author, Long centerId, String visibility,
                            String quoteAs, String topic, Long roomId, PhraseStore.Stored stored, Integer textHash,
                            String answers) {
  }

  /** The notes of the sessions for a summary (see {@link SummaryNote}), by session and writer. */
  public static Future<List<SummaryNote>> summaryNotes(SqlClient client, List<Long> sessionIds) {
    // The analysis is one bytea (the driver copies it; decoded on a worker); columns read by position.
    return client.preparedQuery("""
            SELECT f.session_id, f.person_id, a.analysis, a.text_hash, p.name, p.center_id, f.visibility, f.quote_as,
                   COALESCE(rm.topic, g.topics[1]) AS topic, rm.id AS room_id,
                   CASE WHEN a.session_id IS NULL OR a.text_hash IS NULL OR f.phrases_pending THEN f.answers::text END
                     AS answers
              FROM reflection f JOIN person p ON p.id = f.person_id
              LEFT JOIN reflection_phrases a ON a.session_id = f.session_id AND a.person_id = f.person_id
                                            AND a.analyser = $2 AND substr(a.analysis, 1, 1) = $3
              LEFT JOIN registration g ON g.session_id = f.session_id AND g.person_id = f.person_id
              LEFT JOIN room_member mm ON mm.session_id = f.session_id AND mm.person_id = f.person_id
              LEFT JOIN room rm ON rm.id = mm.room_id
             WHERE f.session_id = ANY ($1)
             ORDER BY f.session_id, f.person_id""")
        .execute(Tuple.of(sessionIds.toArray(Long[]::new), PhraseRanking.ANALYSER,
            io.vertx.core.buffer.Buffer.buffer(new byte[] {(byte) AnalysisBytes.FORMAT})))
        .map(rows -> {
          List<SummaryNote> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            PhraseStore.Stored stored = r.getValue(2) == null ? null : PhraseStore.stored(r, 0);
            out.add(new SummaryNote(r.getLong(0), r.getLong(1), r.getString(4), r.getLong(5), r.getString(6),
                r.getString(7), r.getString(8), r.getLong(9), stored, r.getInteger(3), r.getString(10)));
          }
          return out;
        });
  }

  /** The answers (JSON text) of some notes and the hash of the text their analysis was made from. */
  public record Answers(long sessionId, long personId, String answers, Integer textHash) {
  }

  /** The answers of the notes at these places (the quotes a summary chose), with their analyses' text hashes. */
  public static Future<List<Answers>> answersOf(SqlClient client, List<Quotes.Place> places) {
    Long[] sessions = places.stream().map(Quotes.Place::sessionId).toArray(Long[]::new);
    Long[] people = places.stream().map(Quotes.Place::personId).toArray(Long[]::new);
    return client.preparedQuery("""
            SELECT f.session_id, f.person_id, f.answers::text AS answers, a.text_hash
              FROM (SELECT DISTINCT s, p FROM unnest($1::bigint[], $2::bigint[]) AS u(s, p)) u
              JOIN reflection f ON f.session_id = u.s AND f.person_id = u.p
              LEFT JOIN reflection_phrases a ON a.session_id = f.session_id AND a.person_id = f.person_id
                                            AND NOT f.phrases_pending""")
        .execute(Tuple.of(sessions, (Object) people))
        .map(rows -> {
          List<Answers> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Answers(r.getLong(0), r.getLong(1), r.getString(2), r.getInteger(3)));
          }
          return out;
        });
  }

  /** The notes with their answers parsed. Pure. */
  public static List<NoteRow> parse(List<NoteText> notes) {
    List<NoteRow> out = new ArrayList<>(notes.size());
    for (NoteText n : notes) {
      out.add(new NoteRow(n.sessionId(), n.personId(), n.author(), n.centerId(), n.visibility(), n.quoteAs(),
          answers(new JsonObject(n.answers())), n.topic(), n.roomId(), n.roomName(), n.updatedAt()));
    }
    return out;
  }

  /**
   * The notes in an order that tells nothing of their writers: by session, then by a hash of the text
   * (not by center, person or time), so a list of anonymous notes cannot be lined up with the center or
   * person order of the named ones (README, "Security", anonymous notes).
   */
  public static List<NoteRow> unattributable(List<NoteRow> notes) {
    List<NoteRow> out = new ArrayList<>(notes);
    out.sort(java.util.Comparator.comparingLong(NoteRow::sessionId).thenComparingInt(n -> textHash(n.answers())));
    return out;
  }

  /** A hash of the answers' text only (identical texts tie, and then their order does not matter). */
  private static int textHash(Map<String, String> answers) {
    return PhraseRanking.textHash(answers);
  }

  /**
   * The confirmed participants of the sessions and whether each has written; the name only of those who have not
   * (the summary lists only them), in the order of their centers and names.
   */
  public static Future<List<Summarizer.Participant>> participants(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("""
            SELECT g.session_id, g.person_id, CASE WHEN f.person_id IS NULL THEN p.name END AS name, p.center_id,
                   COALESCE(rm.topic, g.topics[1]) AS topic, rm.id AS room_id, f.person_id IS NOT NULL AS wrote
              FROM registration g JOIN person p ON p.id = g.person_id
              LEFT JOIN reflection f ON f.session_id = g.session_id AND f.person_id = g.person_id
              LEFT JOIN room_member mm ON mm.session_id = g.session_id AND mm.person_id = g.person_id
              LEFT JOIN room rm ON rm.id = mm.room_id
             WHERE g.session_id = ANY ($1) AND g.status = 'confirmed'
             ORDER BY g.session_id, p.center_id, p.name, g.person_id""")
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Summarizer.Participant> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Summarizer.Participant(r.getLong(0), r.getLong(1), r.getString(2), r.getLong(3), r.getString(4),
                r.getLong(5), r.getBoolean(6)));
          }
          return out;
        });
  }

  /** One session of a person's learning history. */
  public record HistoryRow(long sessionId, long roundId, String roundTitle, List<Round.Label> roundTopics,
                           OffsetDateTime startsAt, OffsetDateTime endsAt, String status, List<String> myTopics,
                           JsonArray partners, Long roomId, String roomName, String roomTopic, Mine reflection,
                           OffsetDateTime editableUntil) {
  }

  /** The sessions the person had a confirmed seat in, newest first, with partners, room and note. */
  public static Future<List<HistoryRow>> history(SqlClient client, long personId, int editDays) {
    return client.preparedQuery("""
            SELECT s.id, s.round_id, r.title, r.topics AS round_topics, s.starts_at, s.ends_at, s.status, g.topics,
                   CASE WHEN s.status = 'held' THEN %s END AS until,
                   rm.id AS room_id, rm.name AS room_name, rm.topic AS room_topic,
                   f.answers, f.visibility, f.quote_as, f.updated_at,
                   (SELECT COALESCE(json_agg(json_build_object('centerId', c.id, 'name', c.name, 'city', c.city,
                                                               'prefecture', c.prefecture) ORDER BY c.id), '[]')
                      FROM pair_member m JOIN center c ON c.id = m.center_id
                     WHERE m.pair_id = s.pair_id AND c.id IS DISTINCT FROM p.center_id) AS partners
              FROM registration g JOIN session s ON s.id = g.session_id JOIN round r ON r.id = s.round_id
              JOIN person p ON p.id = g.person_id
              LEFT JOIN room_member mm ON mm.session_id = s.id AND mm.person_id = g.person_id
              LEFT JOIN room rm ON rm.id = mm.room_id
              LEFT JOIN reflection f ON f.session_id = s.id AND f.person_id = g.person_id
             WHERE g.person_id = $1 AND g.status = 'confirmed'
             ORDER BY s.starts_at DESC, s.id DESC""".formatted(until(2)))
        .execute(Tuple.of(personId, editDays))
        .map(rows -> {
          List<HistoryRow> out = new ArrayList<>();
          for (Row r : rows) {
            Mine mine = r.getString("visibility") == null ? null : new Mine(answers(r.getValue("answers")),
                r.getString("visibility"), r.getString("quote_as"), r.getOffsetDateTime("updated_at"));
            Object partners = r.getValue("partners");
            out.add(new HistoryRow(r.getLong("id"), r.getLong("round_id"), r.getString("title"),
                labels(r.getValue("round_topics")), r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"),
                r.getString("status"), Arrays.asList(r.getArrayOfStrings("topics")),
                partners instanceof JsonArray a ? a : new JsonArray(String.valueOf(partners)),
                r.getLong("room_id"), r.getString("room_name"), r.getString("room_topic"), mine, r.getOffsetDateTime("until")));
          }
          return out;
        });
  }

  /** Cities that met in held sessions of a round: a city pair, how many sessions and notes. */
  public record CityPair(long roundId, String roundTitle, String cityA, String prefectureA, String cityB,
                         String prefectureB, long sessions, long notes) {
  }

  /** Per round: responses and expected (confirmed seats) over its held sessions. */
  public record RoundRate(long roundId, String title, long heldSessions, long responses, long expected) {
  }

  public static Future<List<CityPair>> cityPairs(SqlClient client) {
    return client.preparedQuery("""
            WITH held AS (
              SELECT s.id, s.round_id, s.pair_id,
                     (SELECT count(*) FROM reflection f WHERE f.session_id = s.id) AS notes
                FROM session s WHERE s.status = 'held')
            SELECT h.round_id, r.title, a.city AS city_a, a.prefecture AS pref_a, b.city AS city_b, b.prefecture AS pref_b,
                   count(*) AS sessions, sum(h.notes)::bigint AS notes
              FROM held h JOIN round r ON r.id = h.round_id
              JOIN pair_member ma ON ma.pair_id = h.pair_id JOIN center a ON a.id = ma.center_id
              JOIN pair_member mb ON mb.pair_id = h.pair_id JOIN center b ON b.id = mb.center_id
             WHERE (a.prefecture, a.city) < (b.prefecture, b.city)
             GROUP BY h.round_id, r.title, a.city, a.prefecture, b.city, b.prefecture
             ORDER BY h.round_id, sessions DESC, a.prefecture, a.city, b.prefecture, b.city""")
        .execute()
        .map(rows -> {
          List<CityPair> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new CityPair(r.getLong("round_id"), r.getString("title"), r.getString("city_a"), r.getString("pref_a"),
                r.getString("city_b"), r.getString("pref_b"), r.getLong("sessions"), r.getLong("notes")));
          }
          return out;
        });
  }

  public static Future<List<RoundRate>> roundRates(SqlClient client) {
    return client.preparedQuery("""
            SELECT r.id, r.title, count(*) AS held,
                   sum((SELECT count(*) FROM reflection f WHERE f.session_id = s.id))::bigint AS responses,
                   sum((SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed'))::bigint AS expected
              FROM session s JOIN round r ON r.id = s.round_id
             WHERE s.status = 'held'
             GROUP BY r.id, r.title ORDER BY r.id""")
        .execute()
        .map(rows -> {
          List<RoundRate> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new RoundRate(r.getLong("id"), r.getString("title"), r.getLong("held"), r.getLong("responses"),
                r.getLong("expected")));
          }
          return out;
        });
  }

  static Map<String, String> answers(Object json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json instanceof JsonObject o) {
      o.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  static List<Round.Label> labels(Object json) {
    List<Round.Label> out = new ArrayList<>();
    if (json instanceof JsonArray a) {
      for (Object o : a) {
        if (o instanceof JsonObject l) {
          out.add(new Round.Label(l.getString("key"), l.getString("ja"), l.getString("en")));
        }
      }
    }
    return out;
  }
}
