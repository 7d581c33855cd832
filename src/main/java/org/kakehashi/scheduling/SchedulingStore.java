package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.signup.SeatInvitations;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the {@code slot}, {@code availability}, {@code host} and {@code calendar_feed} tables (sessions: {@link SessionStore}). */
public final class SchedulingStore {

  /** A slot, the viewer's own answer, and the Japanese national holiday it falls on (in Japan time), if any. */
  public record SlotView(long id, OffsetDateTime startsAt, OffsetDateTime endsAt, String myAnswer, String holiday) {
    static SlotView of(long id, OffsetDateTime startsAt, OffsetDateTime endsAt, String myAnswer) {
      return new SlotView(id, startsAt, endsAt, myAnswer,
          JapaneseHolidays.name(startsAt.atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate()));
    }
  }

  public record Host(long id, String name, String zoomUserId) {
  }

  private SchedulingStore() {
  }

  public static Future<List<SlotView>> createSlots(SqlClient tx, long roundId, List<OffsetDateTime> starts, List<Integer> minutes) {
    OffsetDateTime[] st = starts.toArray(OffsetDateTime[]::new);
    Integer[] mins = minutes.toArray(Integer[]::new);
    return tx.preparedQuery("""
            INSERT INTO slot (round_id, starts_at, ends_at)
            SELECT $1, u.s, u.s + u.m * interval '1 minute' FROM unnest($2::timestamptz[], $3::int[]) AS u(s, m)
            ON CONFLICT (round_id, starts_at, ends_at) DO UPDATE SET starts_at = EXCLUDED.starts_at
            RETURNING id, starts_at, ends_at""")
        .execute(Tuple.of(roundId, st, mins))
        .map(rows -> {
          List<SlotView> list = new ArrayList<>();
          rows.forEach(r -> list.add(SlotView.of(r.getLong("id"), r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), null)));
          return list;
        });
  }

  public static Future<List<SlotView>> slots(SqlClient client, long roundId, long personId) {
    return client.preparedQuery("""
            SELECT s.id, s.starts_at, s.ends_at, a.answer FROM slot s
              LEFT JOIN availability a ON a.slot_id = s.id AND a.person_id = $2
             WHERE s.round_id = $1 ORDER BY s.starts_at, s.id""")
        .execute(Tuple.of(roundId, personId))
        .map(rows -> {
          List<SlotView> list = new ArrayList<>();
          rows.forEach(r -> list.add(SlotView.of(r.getLong("id"), r.getOffsetDateTime("starts_at"),
              r.getOffsetDateTime("ends_at"), r.getString("answer"))));
          return list;
        });
  }

  /** The round of a slot, or a 404. */
  public static Future<Long> roundOfSlot(SqlClient client, long slotId) {
    return client.preparedQuery("SELECT round_id FROM slot WHERE id = $1").execute(Tuple.of(slotId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Slot");
          }
          return rows.iterator().next().getLong("round_id");
        });
  }

  /**
   * Deletes a candidate slot of {@code roundId} and the answers given to it (they go with it: ON
   * DELETE CASCADE); how many answers went. Sessions keep their own times, so a session already
   * planned at this time stays as it is.
   */
  public static Future<Integer> deleteSlot(SqlClient tx, long roundId, long slotId) {
    return tx.preparedQuery("SELECT count(*) AS n FROM availability WHERE slot_id = $1").execute(Tuple.of(slotId))
        .compose(counted -> tx.preparedQuery("DELETE FROM slot WHERE id = $1 AND round_id = $2").execute(Tuple.of(slotId, roundId))
            .map(deleted -> {
              if (deleted.rowCount() == 0) {
                throw ApiError.notFound("Slot");
              }
              return counted.iterator().next().getLong("n").intValue();
            }));
  }

  /** Whether the person's center is in a published pair of the round. */
  public static Future<Boolean> inPairedCenter(SqlClient client, long roundId, Long centerId) {
    if (centerId == null) {
      return Future.succeededFuture(false);
    }
    return client.preparedQuery("SELECT 1 FROM pair_member WHERE round_id = $1 AND center_id = $2")
        .execute(Tuple.of(roundId, centerId)).map(rows -> rows.size() > 0);
  }

  /** Many answers at once (demo data): {@code slots[i]}, {@code people[i]}, {@code answers[i]}. */
  public static Future<Void> answerAll(SqlClient tx, List<Long> slots, List<Long> people, List<String> answers) {
    return tx.preparedQuery("INSERT INTO availability (slot_id, person_id, answer)"
            + " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])")
        .execute(Tuple.of(slots.toArray(Long[]::new), people.toArray(Long[]::new), answers.toArray(String[]::new)))
        .mapEmpty();
  }

  public static Future<Void> answer(SqlClient client, long slotId, long personId, String answer) {
    return client.preparedQuery("""
            INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, $3)
            ON CONFLICT (slot_id, person_id) DO UPDATE SET answer = EXCLUDED.answer, updated_at = now()""")
        .execute(Tuple.of(slotId, personId, answer)).mapEmpty();
  }

  public static Future<List<Host>> hosts(SqlClient client) {
    return client.query("SELECT id, name, zoom_user_id FROM host ORDER BY id").execute()
        .map(rows -> {
          List<Host> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Host(r.getLong("id"), r.getString("name"), r.getString("zoom_user_id"))));
          return list;
        });
  }

  public static Future<Host> createHost(SqlClient client, String name, String zoomUserId) {
    return client.preparedQuery("INSERT INTO host (name, zoom_user_id) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(name, zoomUserId))
        .map(rows -> new Host(rows.iterator().next().getLong("id"), name, zoomUserId));
  }

  /**
   * The planner's input for a round: demand per pair, slots (with the licences other rounds already
   * use then), facilitators' slots; licences are the hosts, by their index in {@code hostIds}.
   */
  public static Future<SlotPlanner.Input> plannerInput(SqlClient client, long roundId, List<Long> hostIds) {
    int licences = hostIds.size();
    Future<Map<Long, Map<Long, int[]>>> demand = client.preparedQuery("""
            SELECT pm.pair_id, pm.center_id, s.id AS slot_id,
                   coalesce(sum(%s), 0) AS halves
              FROM pair_member pm
              CROSS JOIN slot s
              LEFT JOIN person p ON p.center_id = pm.center_id
              LEFT JOIN availability a ON a.person_id = p.id AND a.slot_id = s.id
             WHERE pm.round_id = $1 AND s.round_id = $1
             GROUP BY pm.pair_id, pm.center_id, s.id
             ORDER BY pm.pair_id, pm.center_id, s.id""".formatted(AvailabilityWeight.sql("a.answer")))
        .execute(Tuple.of(roundId))
        .map(rows -> {
          // pair → slot → halves per center (in center order)
          Map<Long, Map<Long, List<Integer>>> acc = new LinkedHashMap<>();
          for (Row r : rows) {
            acc.computeIfAbsent(r.getLong("pair_id"), k -> new LinkedHashMap<>())
                .computeIfAbsent(r.getLong("slot_id"), k -> new ArrayList<>()).add(r.getLong("halves").intValue());
          }
          Map<Long, Map<Long, int[]>> out = new LinkedHashMap<>();
          acc.forEach((pair, bySlot) -> {
            Map<Long, int[]> m = new HashMap<>();
            bySlot.forEach((slot, list) -> m.put(slot, list.stream().mapToInt(Integer::intValue).toArray()));
            out.put(pair, m);
          });
          return out;
        });
    Future<List<SlotPlanner.Slot>> slots = client.preparedQuery("""
            SELECT sl.id, sl.starts_at, sl.ends_at,
                   ARRAY(SELECT DISTINCT x.host_id FROM session x
                          WHERE (x.round_id <> $1 OR x.status = 'held') AND x.status <> 'cancelled' AND x.host_id IS NOT NULL
                            AND tstzrange(x.starts_at, x.ends_at) && tstzrange(sl.starts_at, sl.ends_at)) AS busy
              FROM slot sl WHERE sl.round_id = $1 ORDER BY sl.starts_at, sl.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<SlotPlanner.Slot> list = new ArrayList<>();
          for (Row r : rows) {
            java.util.Set<Integer> busy = new java.util.HashSet<>();
            for (Long host : r.getArrayOfLongs("busy")) {
              int index = hostIds.indexOf(host);
              if (index >= 0) {
                busy.add(index);
              }
            }
            list.add(new SlotPlanner.Slot(r.getLong("id"), r.getOffsetDateTime("starts_at").toEpochSecond(),
                r.getOffsetDateTime("ends_at").toEpochSecond(), busy));
          }
          return list;
        });
    Future<List<SlotPlanner.Facilitator>> facilitators = client.preparedQuery("""
            SELECT p.id, array_agg(a.slot_id ORDER BY a.slot_id) AS slots
              FROM person p
              JOIN availability a ON a.person_id = p.id AND a.answer IN %s
              JOIN slot s ON s.id = a.slot_id AND s.round_id = $1
             WHERE 'facilitator' = ANY (p.roles)
               AND NOT EXISTS (SELECT 1 FROM session h WHERE h.facilitator_id = p.id AND h.status = 'held'
                                  AND tstzrange(h.starts_at, h.ends_at) && tstzrange(s.starts_at, s.ends_at))
             GROUP BY p.id ORDER BY p.id""".formatted(AvailabilityWeight.sqlCounting()))
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<SlotPlanner.Facilitator> list = new ArrayList<>();
          rows.forEach(r -> list.add(new SlotPlanner.Facilitator(r.getLong("id"), Arrays.asList(r.getArrayOfLongs("slots")))));
          return list;
        });
    // A pair whose session has been held is done: re-planning leaves it (and its licence and facilitator) alone.
    Future<List<Long>> pairs = client.preparedQuery("SELECT id FROM pair WHERE round_id = $1"
            + " AND NOT EXISTS (SELECT 1 FROM session h WHERE h.pair_id = pair.id AND h.status = 'held') ORDER BY id")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getLong("id")));
          return ids;
        });
    return Future.all(demand, slots, facilitators, pairs).map(v -> {
      List<SlotPlanner.PairDemand> demands = new ArrayList<>();
      for (Long pair : pairs.result()) {
        demands.add(new SlotPlanner.PairDemand(pair, demand.result().getOrDefault(pair, Map.of())));
      }
      return new SlotPlanner.Input(demands, slots.result(), licences, facilitators.result());
    });
  }

  /**
   * Applies the plan: a session per placed pair (kept, with its id and calendar UID, when the pair
   * already had one; its SEQUENCE raised when its time, licence or facilitator changed), and the
   * round's other scheduled sessions cancelled. Returns the ids of the sessions whose participants
   * must hear about it (new or changed), and of those cancelled. The database refuses a licence or
   * facilitator used twice (checked at commit).
   */
  public static Future<SessionStore.Changes> saveSessions(SqlClient tx, long roundId, SlotPlanner.Input in, SlotPlanner.Result plan,
                                             List<Long> hostIds) {
    Map<Long, SlotPlanner.Slot> slots = new HashMap<>();
    in.slots().forEach(s -> slots.put(s.id(), s));
    List<SessionStore.Planned> planned = new ArrayList<>();
    for (SlotPlanner.Placement p : plan.sessions()) {
      SlotPlanner.Slot s = slots.get(p.slotId());
      planned.add(new SessionStore.Planned(p.pairId(),
          java.time.Instant.ofEpochSecond(s.startEpochSecond()).atOffset(java.time.ZoneOffset.UTC),
          java.time.Instant.ofEpochSecond(s.endEpochSecond()).atOffset(java.time.ZoneOffset.UTC),
          hostIds.get(p.licence()), p.facilitatorId()));
    }
    return SessionStore.savePlan(tx, roundId, planned);
  }

  /**
   * The people to be told about the given sessions: the staff of their centers, everyone with a
   * confirmed seat (whatever their center) and the facilitator; {@code mayJoin} for those who may see
   * the join link (a confirmed seat, or running it).
   */
  public record Participant(long sessionId, long personId, String email, String name, String locale, boolean mayJoin,
                            int sequence) {
  }

  public static Future<List<Participant>> participants(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("""
            SELECT s.id AS session_id, p.id AS person_id, p.email::text AS email, p.name, p.locale,
                   bool_or(x.may_join) AS may_join, %s AS sequence
              FROM session s
              JOIN LATERAL (SELECT p.id AS person_id, false AS may_join
                              FROM pair_member m JOIN person p ON p.center_id = m.center_id WHERE m.pair_id = s.pair_id
                            UNION ALL
                            SELECT g.person_id, true FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed'
                            UNION ALL
                            SELECT s.facilitator_id, true WHERE s.facilitator_id IS NOT NULL) x ON true
              JOIN person p ON p.id = x.person_id
             WHERE s.id = ANY ($1)
             GROUP BY s.id, p.id ORDER BY s.id, p.id""".formatted(SeatInvitations.sequenceSql("p.id")))
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Participant> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Participant(r.getLong("session_id"), r.getLong("person_id"), r.getString("email"),
              r.getString("name"), r.getString("locale"), r.getBoolean("may_join"), r.getInteger("sequence"))));
          return list;
        });
  }

  /**
   * The coordinator's grid: for each pair, each center (with its time zone) and its people's
   * answers per slot. Rows: pair, center, person (null when the center has nobody), slot, answer.
   */
  public static Future<List<AvailabilityGrid.Cell>> grid(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT pm.pair_id, c.id AS center_id, c.name AS center, c.time_zone, c.closed_weekdays,
                   p.id AS person_id, p.name AS person,
                   a.slot_id, a.answer
              FROM pair_member pm
              JOIN center c ON c.id = pm.center_id
              LEFT JOIN person p ON p.center_id = c.id
              LEFT JOIN availability a ON a.person_id = p.id AND a.slot_id IN (SELECT id FROM slot WHERE round_id = $1)
             WHERE pm.round_id = $1
             ORDER BY pm.pair_id, c.id, p.id, a.slot_id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<AvailabilityGrid.Cell> cells = new ArrayList<>();
          for (Row r : rows) {
            cells.add(new AvailabilityGrid.Cell(r.getLong("pair_id"), r.getLong("center_id"), r.getString("center"),
                r.getString("time_zone"), Arrays.asList(r.getArrayOfIntegers("closed_weekdays")), r.getLong("person_id"),
                r.getString("person"), r.getLong("slot_id"), r.getString("answer")));
          }
          return cells;
        });
  }

  /** The sessions among {@code ids} in which the person has a confirmed seat (they may see the join link). */
  public static Future<java.util.Set<Long>> confirmedIn(SqlClient client, long personId, List<Long> ids) {
    return client.preparedQuery("SELECT session_id FROM registration WHERE person_id = $1 AND status = 'confirmed'"
            + " AND session_id = ANY ($2)")
        .execute(Tuple.of(personId, (Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          java.util.Set<Long> set = new java.util.HashSet<>();
          rows.forEach(r -> set.add(r.getLong("session_id")));
          return set;
        });
  }

  /**
   * The cities of session {@code s}'s pair or trio in center order (as its {@code centerIds}), a column
   * {@code cities} for {@link SessionCalendar#title}.
   */
  static final String CITIES = "(SELECT array_agg(c.city ORDER BY c.id) FROM pair_member m JOIN center c ON c.id = m.center_id"
      + " WHERE m.pair_id = s.pair_id) AS cities";

  /** The title of a row with the round's {@code title} and {@link #CITIES}. */
  static String title(Row r) {
    String[] cities = r.getArrayOfStrings("cities");
    return SessionCalendar.title(r.getString("title"), cities == null ? List.of() : Arrays.asList(cities));
  }

  /** Each session's calendar title ({@link SessionCalendar#title}: the round's title and the cities), by session id. */
  public static Future<Map<Long, String>> titles(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("SELECT s.id, r.title, " + CITIES + " FROM session s JOIN round r ON r.id = s.round_id"
            + " WHERE s.id = ANY ($1)")
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("id"), title(r)));
          return out;
        });
  }

  /**
   * A person's feed: every session they are registered for (confirmed or waiting) or facilitate,
   * whatever its centers, and their center's sessions; the join link where they may join.
   */
  public static Future<List<SessionCalendar.Entry>> feed(SqlClient client, long personId, String publicUrl) {
    return client.preparedQuery(SessionStore.SELECT.replace("FROM session s", ", r.title, " + CITIES + ","
                + " (s.facilitator_id = $1 OR EXISTS (SELECT 1 FROM registration g WHERE g.session_id = s.id"
                + " AND g.person_id = $1 AND g.status = 'confirmed')) AS may_join, " + SeatInvitations.sequenceSql("$1") + " AS my_sequence"
                + " FROM session s JOIN round r ON r.id = s.round_id")
            + " WHERE s.facilitator_id = $1"
            + " OR s.id IN (SELECT g.session_id FROM registration g WHERE g.person_id = $1 AND g.status IN ('confirmed', 'waitlisted'))"
            + " OR s.pair_id IN (SELECT m.pair_id FROM pair_member m"
            + " WHERE m.center_id = (SELECT center_id FROM person WHERE id = $1)) ORDER BY s.starts_at, s.id")
        .execute(Tuple.of(personId))
        .map(rows -> {
          List<SessionCalendar.Entry> list = new ArrayList<>();
          for (Row r : rows) {
            Session s = SessionStore.map(r);
            String link = publicUrl + "/#/sessions/" + s.id();
            list.add(new SessionCalendar.Entry(s, title(r), null, link,
                Boolean.TRUE.equals(r.getBoolean("may_join")) ? s.joinUrl() : null, r.getInteger("my_sequence")));
          }
          return list;
        });
  }

  /** The SEQUENCE of the session's event in files for this person (see {@link SeatInvitations}). */
  public static Future<Integer> sequenceFor(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("SELECT " + SeatInvitations.sequenceSql("$2") + " AS n FROM session s WHERE s.id = $1")
        .execute(Tuple.of(sessionId, personId))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger("n"));
  }

  /** The id of the session's Zoom meeting, or null. */
  public static Future<String> zoomMeetingId(SqlClient client, long sessionId) {
    return client.preparedQuery("SELECT zoom_meeting_id FROM session WHERE id = $1").execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("zoom_meeting_id"));
  }

  /** A new secret feed token for the person (the old one stops working); returns the token. */
  public static Future<String> rotateFeed(SqlClient client, long personId) {
    String token = org.kakehashi.platform.Sessions.token();
    return client.preparedQuery("INSERT INTO calendar_feed (person_id, token_hash) VALUES ($1, $2)"
            + " ON CONFLICT (person_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()")
        .execute(Tuple.of(personId, org.kakehashi.platform.Sessions.hash(token)))
        .map(token);
  }

  /** Whose feed a token opens: the person and their language (for the programme), or a 404. */
  public record FeedOwner(long personId, String locale) {}

  /** The person a feed token belongs to, with their language, or a 404. */
  public static Future<FeedOwner> feedOwner(SqlClient client, String token) {
    return client.preparedQuery("SELECT f.person_id, p.locale FROM calendar_feed f JOIN person p ON p.id = f.person_id"
            + " WHERE f.token_hash = $1")
        .execute(Tuple.of(org.kakehashi.platform.Sessions.hash(token)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("This calendar feed");
          }
          Row r = rows.iterator().next();
          return new FeedOwner(r.getLong("person_id"), r.getString("locale"));
        });
  }
}
