package org.kakehashi.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.pairing.PairingInput;
import org.kakehashi.pairing.PairingPlanner;
import org.kakehashi.pairing.PairingStore;
import org.kakehashi.reflections.ReflectionStore;
import org.kakehashi.rooms.RoomAssigner;
import org.kakehashi.rooms.RoomRoutes;
import org.kakehashi.rooms.RoomStore;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundInput;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.scheduling.JapaneseHolidays;
import org.kakehashi.scheduling.SchedulingStore;
import org.kakehashi.sessions.Session;
import org.kakehashi.scheduling.SlotPlanner;
import org.kakehashi.signup.RegistrationStore;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo's training round, caught in the middle: every center paired by the real planner (名取市 with
 * 松江市 locked, as a coordinator would), published, four candidate slots with staff answers, four Zoom
 * licences, sessions planned by the real slot planner; one session held a few days ago with rooms and
 * reflection notes, upcoming ones with sign-ups (one full with a waitlist, one of facilitator1's ready
 * for room assignment). Written through the stores the API uses, in the caller's transaction; no
 * e-mail or Zoom call is queued. Deterministic for a given directory and day.
 */
final class DemoRound {

  static final String TITLE = "2026年度 冬の地域間合同研修";
  /** The default reflection window ({@code reflections.editDays}): the held session's notes are still open. */
  private static final int EDIT_DAYS = 7;
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  /** The pair of the held session, and the centers whose staff join it as guests (their notes name their cities). */
  private static final String HELD_A = "natori-1";
  private static final String HELD_B = "matsue-1";
  private static final List<String> HELD_GUESTS = List.of("naha-1", "susono-1", "kochi-1", "kitakyushu-1");
  /** Pairs (besides the held one) whose staff have answered availability; the others have not yet. */
  private static final int ANSWERED_PAIRS = 11;
  private static final int FULL_CAPACITY = 8;

  static final List<Round.Label> TOPICS = List.of(
      new Round.Label("disaster", "防災・減災", "Disaster preparedness"),
      new Round.Label("childcare", "子育て支援", "Supporting families with children"),
      new Round.Label("elderly", "高齢者の居場所づくり", "Places for older residents"),
      new Round.Label("multicultural", "多文化共生", "Living together across cultures"),
      new Round.Label("reflection", "ふりかえりと気づき", "Reflection and awareness"));
  static final List<Round.Label> PROMPTS = List.of(
      new Round.Label("noticed", "今日の研修で気づいたこと", "What I noticed today"),
      new Round.Label("ideal", "目指したい職員像", "The staff member I want to become"),
      new Round.Label("try", "自分の館で試してみたいこと", "What I will try at my center"),
      new Round.Label("partner", "相手の市から学んだこと", "What I learned from the partner city"));

  /** What was made: the round and the sessions the banner points to. */
  record Seeded(long roundId, int pairs, int sessions, Session held, Session upcoming, Session full, int notes) {
  }

  private record Staff(long id, String email, Long centerId, String locale, List<String> roles) {
    String local() {
      return email.substring(0, email.indexOf('@'));
    }
  }

  private final SqlClient tx;
  private final Vertx vertx;
  private final OffsetDateTime now;
  private final Random random = new Random(2026);
  private final Map<String, Long> centerByCode = new HashMap<>();
  private final List<Staff> people = new ArrayList<>();
  private final Map<String, Staff> byLocal = new HashMap<>();
  private long roundId;
  /** The two guests who write in English (chosen with the sign-ups). */
  private List<Staff> english = List.of();

  private DemoRound(SqlClient tx, Vertx vertx, OffsetDateTime now) {
    this.tx = tx;
    this.vertx = vertx;
    this.now = now;
  }

  /** Adds the round to the freshly seeded directory, in the caller's transaction. */
  static Future<Seeded> seed(SqlClient tx, Vertx vertx, OffsetDateTime now) {
    return new DemoRound(tx, vertx, now).run();
  }

  private Future<Seeded> run() {
    return loadDirectory()
        .compose(v -> createRound())
        .compose(v -> pair())
        .compose(pairs -> slotsAndHosts().compose(setup -> answer(pairs, setup.slots())
            .compose(v -> schedule(setup.hostIds()))
            .compose(sessions -> signUps(sessions, pick(pairs, sessions)))))
        .compose(picked -> rooms(picked.held().id())
            .compose(v -> hold(picked.held().id()))
            .compose(v -> notes(picked.held().id()))
            .compose(notes -> RoundStore.setStatus(tx, roundId, "running")
                .compose(v -> SessionStore.ofRound(tx, roundId))
                .map(sessions -> new Seeded(roundId, picked.pairs(), sessions.size(), find(sessions, picked.held().id()),
                    find(sessions, picked.upcoming().id()), find(sessions, picked.full().id()), notes))));
  }

  private Future<Void> loadDirectory() {
    return tx.query("SELECT id, code FROM center").execute()
        .compose(rows -> {
          rows.forEach(r -> centerByCode.put(r.getString("code"), r.getLong("id")));
          return tx.query("SELECT id, email::text AS email, center_id, locale, roles FROM person ORDER BY id").execute();
        })
        .map(rows -> {
          for (Row r : rows) {
            Staff s = new Staff(r.getLong("id"), r.getString("email"), r.getLong("center_id"), r.getString("locale"),
                List.of(r.getArrayOfStrings("roles")));
            people.add(s);
            byLocal.put(s.local(), s);
          }
          return null;
        });
  }

  private Future<Void> createRound() {
    LocalDate today = now.atZoneSameInstant(TOKYO).toLocalDate();
    List<Long> all = new ArrayList<>(centerByCode.values());
    Collections.sort(all);
    return RoundStore.insert(tx, new RoundInput(TITLE, "名取市・松江市をはじめ全国" + centerByCode.size() + "館の公民館職員が、ペアごとに Zoom で集まり、"
                + "テーマ別のブレイクアウトルームで語り合います。終わったら、ふりかえりを書いて次に活かしましょう。",
            today.minusDays(21), today.plusDays(35), TOPICS, PROMPTS, null, all))
        .map(round -> {
          roundId = round.id();
          return null;
        });
  }

  /** The real planner on the input the pairing board builds, with 名取市–松江市 locked; then published. */
  private Future<List<PairingStore.Pair>> pair() {
    List<List<Long>> locked = List.of(List.of(centerByCode.get(HELD_A), centerByCode.get(HELD_B)));
    return PairingStore.input(tx, roundId, PairingInput.DEFAULT_CANDIDATES, PairingInput.DEFAULT_WORK_BUDGET)
        .map(in -> new PairingInput(in.centers(), in.history(), in.forbidden(), locked, in.candidates(), in.workBudget()))
        .compose(in -> vertx.executeBlocking(() -> PairingPlanner.plan(in), false))
        .compose(result -> PairingStore.save(tx, roundId, result))
        .compose(v -> PairingStore.publish(tx, roundId))
        .compose(v -> RoundStore.setStatus(tx, roundId, "scheduling"))
        .compose(v -> PairingStore.pairs(tx, roundId));
  }

  private record Setup(List<SchedulingStore.SlotView> slots, List<Long> hostIds) {
  }

  /**
   * One slot a few days ago (the held session's) and three in the coming one to three weeks, on Wednesdays to
   * Fridays that are not holidays (the demo centers close on Mondays or Tuesdays); four Zoom licences.
   */
  private Future<Setup> slotsAndHosts() {
    List<LocalDate> days = slotDays(now.atZoneSameInstant(TOKYO).toLocalDate());
    List<OffsetDateTime> starts = List.of(at(days.get(0), 14), at(days.get(1), 14), at(days.get(2), 19), at(days.get(3), 10));
    Future<List<SchedulingStore.SlotView>> slots = SchedulingStore.createSlots(tx, roundId, starts, List.of(90, 90, 90, 90))
        .map(list -> list.stream().sorted(Comparator.comparing(SchedulingStore.SlotView::startsAt)).toList());
    return slots.compose(list -> {
      List<Long> hostIds = new ArrayList<>();
      Future<Void> hosts = Future.succeededFuture();
      for (int i = 1; i <= 4; i++) {
        int n = i;
        hosts = hosts.compose(v -> SchedulingStore.createHost(tx, "かけはし事務局 Zoom " + n, "zoom" + n + "@" + DemoData.DOMAIN)
            .map(h -> {
              hostIds.add(h.id());
              return null;
            }));
      }
      return hosts.map(v -> new Setup(list, hostIds));
    });
  }

  /**
   * The days of the four slots: a workday 2–6 days ago (five days in a row always hold a Wednesday to
   * Friday), so the held session's notes are still editable; then the first workdays from 7, 12 and 17
   * days ahead, each on a day of its own.
   */
  static List<LocalDate> slotDays(LocalDate today) {
    LocalDate held = today.minusDays(3);
    for (int back : new int[] {3, 4, 5, 2, 6}) {
      if (workday(today.minusDays(back))) {
        held = today.minusDays(back);
        break;
      }
    }
    LocalDate first = nextWorkday(today.plusDays(7));
    LocalDate second = nextWorkday(later(today.plusDays(12), first));
    return List.of(held, first, second, nextWorkday(later(today.plusDays(17), second)));
  }

  /** {@code d}, or the day after {@code previous} if that is later: a holiday must not put two slots on one day. */
  private static LocalDate later(LocalDate d, LocalDate previous) {
    return d.isAfter(previous) ? d : previous.plusDays(1);
  }

  private static LocalDate nextWorkday(LocalDate d) {
    while (!workday(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  private static boolean workday(LocalDate d) {
    DayOfWeek day = d.getDayOfWeek();
    return day.compareTo(DayOfWeek.WEDNESDAY) >= 0 && day.compareTo(DayOfWeek.FRIDAY) <= 0 && JapaneseHolidays.name(d) == null;
  }

  private static OffsetDateTime at(LocalDate d, int hour) {
    return d.atTime(LocalTime.of(hour, 0)).atZone(TOKYO).toOffsetDateTime();
  }

  /**
   * Availability: the held pair could only come on the first slot; the staff of some pairs have
   * answered the three upcoming slots, of a few pairs only one center has, the rest not yet.
   * facilitator1 can take every slot, the other facilitators some of the upcoming ones.
   */
  private Future<Void> answer(List<PairingStore.Pair> pairs, List<SchedulingStore.SlotView> slots) {
    List<Long> slot = new ArrayList<>();
    List<Long> person = new ArrayList<>();
    List<String> answer = new ArrayList<>();
    PairingStore.Pair held = heldPair(pairs);
    List<PairingStore.Pair> others = new ArrayList<>(pairs);
    others.remove(held);
    Collections.shuffle(others, random);
    for (Staff s : staffOf(held.centerIds())) {
      for (int i = 0; i < slots.size(); i++) {
        slot.add(slots.get(i).id());
        person.add(s.id());
        answer.add(i == 0 ? "yes" : random.nextInt(3) == 0 ? "maybe" : "no");
      }
    }
    for (int p = 0; p < others.size(); p++) {
      List<Long> centers = others.get(p).centerIds();
      if (p >= ANSWERED_PAIRS + 3) {
        break;
      }
      // The last three have answers from one center only: the planner waits for their partners.
      List<Staff> staff = staffOf(p < ANSWERED_PAIRS ? centers : centers.subList(0, 1));
      for (Staff s : staff) {
        if (random.nextInt(7) == 0) {
          continue;
        }
        for (int i = 0; i < slots.size(); i++) {
          int roll = random.nextInt(20);
          slot.add(slots.get(i).id());
          person.add(s.id());
          answer.add(i == 0 ? "no" : roll < 9 ? "yes" : roll < 14 ? "maybe" : "no");
        }
      }
    }
    String[][] facilitators = {
        {"yes", "yes", "yes", "yes"}, {"no", "yes", "yes", "maybe"}, {"no", "yes", "no", "yes"}, {"no", "maybe", "yes", "yes"}};
    for (int f = 0; f < facilitators.length; f++) {
      Staff s = byLocal.get("facilitator" + (f + 1));
      for (int i = 0; i < slots.size(); i++) {
        slot.add(slots.get(i).id());
        person.add(s.id());
        answer.add(facilitators[f][i]);
      }
    }
    return SchedulingStore.answerAll(tx, slot, person, answer);
  }

  /** The real slot planner on the input the scheduling route builds, saved the way it saves (no announcements). */
  private Future<List<Session>> schedule(List<Long> hostIds) {
    return SchedulingStore.plannerInput(tx, roundId, hostIds)
        .compose(input -> vertx.executeBlocking(() -> SlotPlanner.plan(input), false)
            .compose(plan -> SchedulingStore.saveSessions(tx, roundId, input, plan, hostIds)))
        .compose(changes -> SessionStore.ofRound(tx, roundId));
  }

  /** The sessions the demo points to: the held one, facilitator1's next one, the full one, and two ordinary ones. */
  private record Picked(int pairs, PairingStore.Pair heldPair, Session held, Session upcoming, Session full,
                        List<Session> usual) {
  }

  private Picked pick(List<PairingStore.Pair> pairs, List<Session> sessions) {
    long facilitator1 = byLocal.get("facilitator1").id();
    PairingStore.Pair heldPair = heldPair(pairs);
    Session held = sessions.stream().filter(s -> s.pairId() == heldPair.id()).findFirst()
        .orElseThrow(() -> new IllegalStateException("demo: the 名取市–松江市 pair got no session"));
    if (!held.endsAt().isBefore(now) || !Long.valueOf(facilitator1).equals(held.facilitatorId())) {
      throw new IllegalStateException("demo: the past session is not facilitator1's");
    }
    List<Session> upcoming = sessions.stream().filter(s -> s.startsAt().isAfter(now)).toList();
    Session mine = upcoming.stream().filter(s -> Long.valueOf(facilitator1).equals(s.facilitatorId())).findFirst()
        .orElseThrow(() -> new IllegalStateException("demo: facilitator1 has no upcoming session"));
    Session full = upcoming.stream()
        .filter(s -> !s.startsAt().isEqual(mine.startsAt()) && !Long.valueOf(facilitator1).equals(s.facilitatorId()))
        .findFirst().orElseThrow(() -> new IllegalStateException("demo: no second upcoming session"));
    List<Session> usual = upcoming.stream().filter(s -> s.id() != mine.id() && s.id() != full.id()).limit(2).toList();
    return new Picked(pairs.size(), heldPair, held, mine, full, usual);
  }

  /**
   * Sign-ups. The held session and facilitator1's next one are open to all staff of the round (guests
   * come from centers whose pair has no session yet); another upcoming session is made small and
   * full, with a waitlist; two more have most of their staff signed up.
   */
  private Future<Picked> signUps(List<Session> sessions, Picked picked) {
    Session held = picked.held();
    Session mine = picked.upcoming();
    Session full = picked.full();
    Set<Long> scheduled = new HashSet<>();
    sessions.forEach(s -> scheduled.addAll(s.centerIds()));
    List<Staff> guests = new ArrayList<>(people.stream()
        .filter(p -> p.centerId() != null && !scheduled.contains(p.centerId()) && !HELD_GUESTS.contains(code(p))).toList());
    Collections.shuffle(guests, random);

    List<Staff> heldPeople = new ArrayList<>(staffOf(picked.heldPair().centerIds()));
    HELD_GUESTS.forEach(c -> heldPeople.add(byLocal.get(c + ".1")));
    english = englishGuests(guests);
    heldPeople.addAll(english);
    guests.removeAll(english);
    Map<Long, String> firstTopic = new HashMap<>();
    for (DemoNotes.Note n : DemoNotes.NOTES) {
      firstTopic.put(writer(n.writer()).id(), n.topic());
    }

    List<Staff> minePeople = new ArrayList<>(staffOf(mine.centerIds()));
    minePeople.remove(minePeople.size() - 1);
    minePeople.add(byLocal.get(HELD_A + ".1"));
    minePeople.addAll(take(guests, 10));
    List<Staff> fullPeople = new ArrayList<>(staffOf(full.centerIds()));
    fullPeople.addAll(take(guests, FULL_CAPACITY + 3 - Math.min(fullPeople.size(), FULL_CAPACITY)));

    Future<Void> f = open(held.id(), null).compose(v -> open(mine.id(), null)).compose(v -> open(full.id(), FULL_CAPACITY))
        .compose(v -> register(held.id(), heldPeople, firstTopic))
        .compose(v -> register(mine.id(), minePeople, Map.of()))
        .compose(v -> register(full.id(), fullPeople, Map.of()));
    for (Session s : picked.usual()) {
      List<Staff> staff = new ArrayList<>(staffOf(s.centerIds()));
      staff.remove(random.nextInt(staff.size()));
      f = f.compose(v -> register(s.id(), staff, Map.of()));
    }
    return f.map(v -> picked);
  }

  /** The first two English-speaking staff among the guests (else any two): they write the English notes. */
  private static List<Staff> englishGuests(List<Staff> guests) {
    List<Staff> sorted = new ArrayList<>(guests);
    sorted.sort(Comparator.comparing((Staff s) -> !"en".equals(s.locale())).thenComparing(Staff::id));
    return List.of(sorted.get(0), sorted.get(1));
  }

  private Staff writer(String writer) {
    return writer.startsWith("en-") ? english.get(Integer.parseInt(writer.substring(3)) - 1) : byLocal.get(writer);
  }

  private static List<Staff> take(List<Staff> from, int n) {
    List<Staff> out = new ArrayList<>(from.subList(0, n));
    from.subList(0, n).clear();
    return out;
  }

  /** What a coordinator's PATCH /api/sessions/{id} does: open to all staff of the round, a capacity. */
  private Future<Void> open(long sessionId, Integer capacity) {
    return SessionStore.update(tx, sessionId, new SessionStore.Change(null, null, capacity, null, null, null,
        null, null, true, null), false).mapEmpty();
  }

  /** One by one, through the sign-up's own statement (a seat or the waitlist); one to three ranked topics each. */
  private Future<Void> register(long sessionId, List<Staff> staff, Map<Long, String> firstTopic) {
    Future<Void> f = Future.succeededFuture();
    for (Staff s : staff) {
      List<String> topics = topics(firstTopic.get(s.id()));
      f = f.compose(v -> RegistrationStore.register(tx, sessionId, s.id(), topics, null)).mapEmpty();
    }
    return f;
  }

  /** Ranked topics: the given first choice (else a random one, 防災 twice as likely), then up to two more. */
  private List<String> topics(String first) {
    List<String> keys = new ArrayList<>(TOPICS.stream().map(Round.Label::key).toList());
    List<String> ranked = new ArrayList<>();
    String top = first != null ? first : random.nextInt(6) < 2 ? "disaster" : keys.get(random.nextInt(keys.size()));
    ranked.add(top);
    keys.remove(top);
    Collections.shuffle(keys, random);
    ranked.addAll(keys.subList(0, 1 + random.nextInt(2)));
    return ranked;
  }

  /** The real room assigner on the session's confirmed participants, stored as the assign route stores it. */
  private Future<Void> rooms(long sessionId) {
    return RoomStore.session(tx, sessionId).compose(info -> RoomStore.confirmed(tx, sessionId).compose(people -> {
      RoomAssigner.Input input = new RoomAssigner.Input(people.stream()
          .map(p -> new RoomAssigner.Participant(p.personId(), p.centerId(), p.city(), p.topics())).toList(),
          TOPICS.stream().map(Round.Label::key).toList(), info.minSize(), info.maxSize(), null, List.of(), Set.of());
      return vertx.executeBlocking(() -> RoomAssigner.assign(input), false)
          .compose(result -> RoomStore.replace(tx, sessionId, info.minSize(), info.maxSize(), RoomRoutes.toStore(info, result)));
    }));
  }

  /** Held when it ended (as the end-time ticker would have marked it, without its e-mails). */
  private Future<Void> hold(long sessionId) {
    return SessionStore.markHeldAtEnd(tx, sessionId);
  }

  /** The notes, through the store's own checks (confirmed, held, in the window), dated in the day after the session. */
  private Future<Integer> notes(long sessionId) {
    Future<Void> f = Future.succeededFuture();
    for (DemoNotes.Note n : DemoNotes.NOTES) {
      Staff s = writer(n.writer());
      JsonObject answers = new JsonObject();
      PROMPTS.forEach(p -> answers.put(p.key(), n.answers().get(p.key())));
      f = f.compose(v -> ReflectionStore.save(tx, sessionId, s.id(), answers, n.visibility(), n.quoteAs(), EDIT_DAYS)
          .map(saved -> {
            if (!saved) {
              throw new IllegalStateException("demo: the note of " + n.writer() + " was refused");
            }
            return null;
          }));
    }
    return f.compose(v -> ReflectionStore.dateAfterSession(tx, sessionId));
  }

  private PairingStore.Pair heldPair(List<PairingStore.Pair> pairs) {
    long a = centerByCode.get(HELD_A);
    return pairs.stream().filter(p -> p.centerIds().contains(a)).findFirst().orElseThrow();
  }

  private List<Staff> staffOf(List<Long> centerIds) {
    return people.stream().filter(p -> p.centerId() != null && centerIds.contains(p.centerId())).toList();
  }

  private String code(Staff s) {
    String local = s.local();
    return local.substring(0, local.lastIndexOf('.'));
  }

  private static Session find(List<Session> sessions, long id) {
    return sessions.stream().filter(s -> s.id() == id).findFirst().orElseThrow();
  }
}
