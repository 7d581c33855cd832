package org.kakehashi.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.directory.CenterInput;
import org.kakehashi.directory.CenterStore;
import org.kakehashi.pairing.PairingPlanner;
import org.kakehashi.pairing.PairingStore;
import org.kakehashi.rooms.RoomStore;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundInput;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.signup.Registration;
import org.kakehashi.signup.RegistrationStore;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test data written through the owners' stores — round → pairs → session → registrations — so a
 * test sets up what the application itself would write (seats taken with each confirmed sign-up,
 * a session planned the way the scheduler plans one, held the way the ticker marks it) instead of
 * raw INSERTs that bypass the rules. Each call is one transaction on the test server's database.
 */
public final class Fixtures {

  private final TestServer server;

  public Fixtures(TestServer server) {
    this.server = server;
  }

  // ----- directory ---------------------------------------------------------------------------------

  /** A center through the directory's import path (region and time zone filled in from the prefecture). */
  public long center(String code, String name, String city, String prefecture, String... topics) {
    CenterInput in = new CenterInput(code, name, city, prefecture, null, null, null, null, List.of(topics), null, null, null)
        .validated(new org.kakehashi.platform.Problems());
    server.pool().withTransaction(tx -> CenterStore.upsertAll(tx, List.of(in))).await();
    return server.sql("SELECT id FROM center WHERE code = $1", code).iterator().next().getLong("id");
  }

  // ----- rounds ------------------------------------------------------------------------------------

  /** A round being built; {@link RoundBuilder#create()} writes it through {@link RoundStore}. */
  public RoundBuilder round(String title) {
    return new RoundBuilder(title);
  }

  public final class RoundBuilder {
    private final String title;
    private LocalDate startsOn = LocalDate.parse("2027-01-01");
    private LocalDate endsOn = LocalDate.parse("2027-12-31");
    private String status = "scheduling";
    private final List<Round.Label> topics = new ArrayList<>();
    private final List<Round.Label> prompts = new ArrayList<>();
    private List<Long> centers = List.of();

    private RoundBuilder(String title) {
      this.title = title;
    }

    public RoundBuilder dates(String startsOn, String endsOn) {
      this.startsOn = LocalDate.parse(startsOn);
      this.endsOn = LocalDate.parse(endsOn);
      return this;
    }

    /** draft, pairing, scheduling (the default), running or closed. */
    public RoundBuilder status(String status) {
      this.status = status;
      return this;
    }

    public RoundBuilder centers(Long... centers) {
      this.centers = Arrays.asList(centers);
      return this;
    }

    public RoundBuilder topic(String key, String ja, String en) {
      topics.add(new Round.Label(key, ja, en));
      return this;
    }

    /** Topics as a JSON array of {@code {key, ja, en}}. */
    public RoundBuilder topics(String json) {
      new JsonArray(json).forEach(o -> topics.add(label((JsonObject) o)));
      return this;
    }

    /** Reflection prompts as a JSON array of {@code {key, ja, en}}. */
    public RoundBuilder prompts(String json) {
      new JsonArray(json).forEach(o -> prompts.add(label((JsonObject) o)));
      return this;
    }

    private static Round.Label label(JsonObject o) {
      return new Round.Label(o.getString("key"), o.getString("ja"), o.getString("en"));
    }

    public RoundBuilder prompt(String key, String ja, String en) {
      prompts.add(new Round.Label(key, ja, en));
      return this;
    }

    /** The round's id. */
    public long create() {
      RoundInput in = new RoundInput(title, "", startsOn, endsOn, topics, prompts, status, centers);
      return server.pool().withTransaction(tx -> RoundStore.insert(tx, in)).await().id();
    }
  }

  // ----- pairing -----------------------------------------------------------------------------------

  /** Replaces the round's pairing with these groups (each a pair or trio of center ids, unlocked); their ids, in order. */
  public List<Long> pairs(long round, List<List<Long>> groups) {
    return pairs(round, false, groups);
  }

  /** As {@link #pairs(long, List)}, each group {@code locked} (as the board locks a pair) or not. */
  public List<Long> pairs(long round, boolean locked, List<List<Long>> groups) {
    List<PairingPlanner.Group> g = groups.stream().map(c -> new PairingPlanner.Group(c, 0, List.of(), locked)).toList();
    PairingPlanner.Result result = new PairingPlanner.Result(g, 0, "edited", null, 0);
    List<PairingStore.Pair> saved = server.pool()
        .withTransaction(tx -> PairingStore.save(tx, round, result).compose(v -> PairingStore.pairs(tx, round))).await();
    List<Long> ids = new ArrayList<>();
    for (List<Long> c : groups) {
      ids.add(saved.stream().filter(p -> p.centerIds().containsAll(c) && c.containsAll(p.centerIds())).findFirst()
          .orElseThrow().id());
    }
    return ids;
  }

  /**
   * One more pair (or trio) of {@code centers} in the round, the others kept: the first through the
   * planner's save, later ones as the board adds a regrouped pair (locked). The pair's id.
   */
  public long pair(long round, Long... centers) {
    List<Long> c = Arrays.asList(centers);
    PairingPlanner.Group group = new PairingPlanner.Group(c, 0, List.of(), false);
    List<PairingStore.Pair> saved = server.pool().withTransaction(tx -> PairingStore.pairs(tx, round)
        .compose(existing -> existing.isEmpty()
            ? PairingStore.save(tx, round, new PairingPlanner.Result(List.of(group), 0, "edited", null, 0))
            : PairingStore.regroup(tx, round, List.of(), List.of(group)))
        .compose(v -> PairingStore.pairs(tx, round))).await();
    return saved.stream().filter(p -> p.centerIds().containsAll(c) && c.containsAll(p.centerIds())).findFirst()
        .orElseThrow().id();
  }

  // ----- sessions ----------------------------------------------------------------------------------

  /** A session of {@code pair} being built; {@link SessionBuilder#create()} plans it through {@link SessionStore}. */
  public SessionBuilder session(long round, long pair) {
    return new SessionBuilder(round, pair);
  }

  public final class SessionBuilder {
    private final long round;
    private final long pair;
    private OffsetDateTime startsAt = OffsetDateTime.now().plusDays(30);
    private OffsetDateTime endsAt = startsAt.plusMinutes(90);
    private Long facilitator;
    private Integer capacity;
    private Integer centerQuota;
    private OffsetDateTime signupClosesAt;
    private Boolean openToAll;
    private boolean held;
    private String zoomMeeting;

    private SessionBuilder(long round, long pair) {
      this.round = round;
      this.pair = pair;
    }

    public SessionBuilder at(OffsetDateTime startsAt, OffsetDateTime endsAt) {
      this.startsAt = startsAt;
      this.endsAt = endsAt;
      return this;
    }

    /** Starting {@code fromNow} minutes from now (negative: in the past), lasting {@code minutes}. */
    public SessionBuilder inMinutes(long fromNow, long minutes) {
      return at(OffsetDateTime.now().plusMinutes(fromNow), OffsetDateTime.now().plusMinutes(fromNow + minutes));
    }

    public SessionBuilder facilitator(long personId) {
      this.facilitator = personId;
      return this;
    }

    public SessionBuilder capacity(int seats) {
      this.capacity = seats;
      return this;
    }

    public SessionBuilder centerQuota(int perCenter) {
      this.centerQuota = perCenter;
      return this;
    }

    public SessionBuilder signupClosesAt(OffsetDateTime at) {
      this.signupClosesAt = at;
      return this;
    }

    public SessionBuilder openToAll() {
      this.openToAll = true;
      return this;
    }

    /** With a Zoom meeting already created for it (as Zoom's outbox delivery records one), no join link. */
    public SessionBuilder zoomMeeting(String meetingId) {
      this.zoomMeeting = meetingId;
      return this;
    }

    /** Marked held now, as the ticker marks an ended session (or a facilitator's "held" button). */
    public SessionBuilder held() {
      this.held = true;
      return this;
    }

    /**
     * The session's id. The round's other scheduled sessions stay as they are: the plan saved is
     * theirs plus this one, as the scheduler would save it.
     */
    public long create() {
      return server.pool().withTransaction(tx -> SessionStore.ofRound(tx, round).compose(existing -> {
        List<SessionStore.Planned> plan = new ArrayList<>();
        for (Session s : existing) {
          if ("scheduled".equals(s.status()) && s.pairId() != pair) {
            plan.add(new SessionStore.Planned(s.pairId(), s.startsAt(), s.endsAt(), s.hostId(), s.facilitatorId()));
          }
        }
        plan.add(new SessionStore.Planned(pair, startsAt, endsAt, null, facilitator));
        return SessionStore.savePlan(tx, round, plan)
            .compose(changes -> SessionStore.ofRound(tx, round))
            .compose(sessions -> {
              long id = sessions.stream().filter(s -> s.pairId() == pair).findFirst().orElseThrow().id();
              SessionStore.Change change = new SessionStore.Change(null, null, capacity, null, null, null, null,
                  signupClosesAt, openToAll, centerQuota);
              Future<?> edited = capacity == null && signupClosesAt == null && openToAll == null && centerQuota == null
                  ? Future.succeededFuture() : SessionStore.update(tx, id, change, centerQuota != null);
              return edited
                  .compose(v -> zoomMeeting == null ? Future.succeededFuture() : SessionStore.meetingCreated(tx, id, zoomMeeting, null, null))
                  .compose(v -> held ? SessionStore.markHeld(tx, id) : Future.succeededFuture())
                  .map(v -> id);
            });
      })).await();
    }
  }

  // ----- rooms -------------------------------------------------------------------------------------

  /** The session's rooms replaced by one room of {@code topic} holding {@code members} (placed by hand); its id. */
  public long room(long session, String topic, String name, Long... members) {
    List<Long> m = Arrays.asList(members);
    List<Boolean> locked = m.stream().map(x -> false).toList();
    List<String> why = m.stream().map(x -> "").toList();
    server.pool().withTransaction(tx -> RoomStore.replace(tx, session, 3, 6,
        List.of(new RoomStore.NewRoom(topic, name, m, locked, why)))).await();
    return server.sql("SELECT id FROM room WHERE session_id = $1", session).iterator().next().getLong("id");
  }

  /** Marks a scheduled session held now (as a facilitator's "held" button does). */
  public void held(long session) {
    server.pool().withTransaction(tx -> SessionStore.markHeld(tx, session)).await();
  }

  // ----- sign-up -----------------------------------------------------------------------------------

  /**
   * A confirmed participant's reflection note on a held session, through the reflections' own save (which
   * checks the registration, the held state and the edit window) and with its key phrases; the person is
   * signed up first when they are not yet. {@code answers} are the prompt answers, e.g. {@code {"partner": "…"}}.
   */
  public void note(long session, long person, JsonObject answers, String visibility, String quoteAs) {
    register(session, person);
    boolean written = server.pool().withTransaction(tx -> org.kakehashi.reflections.ReflectionStore.save(tx, session, person,
        answers, visibility, quoteAs, 7)).await();
    if (!written) {
      throw new IllegalStateException("note of person " + person + " on session " + session + " refused (not held, not confirmed?)");
    }
  }

  // ----- cases -----------------------------------------------------------------------------------

  /**
   * {@code center}'s case study for {@code session} with a title and summary (nothing else), written by {@code by} through
   * the cases' store with its search words, as a first save from the case page writes it; its id.
   */
  public long caseStudy(long session, long center, String title, String summary, long by) {
    org.kakehashi.cases.CaseStore.Fields f = new org.kakehashi.cases.CaseStore.Fields(title, summary, new JsonObject(), List.of(),
        null, List.of());
    List<String> words = org.kakehashi.cases.CaseText.words(title + "\n" + summary);
    Long id = server.pool().withTransaction(tx -> org.kakehashi.cases.CaseStore.insert(tx, session, center, f, words, by)).await();
    if (id == null) {
      throw new IllegalStateException("center " + center + " already has a case for session " + session);
    }
    return id;
  }

  // ----- scheduling --------------------------------------------------------------------------------

  /** {@code person}'s availability answer (yes, maybe, no) for {@code slot}, as the answers page writes it. */
  public void answer(long slot, long person, String answer) {
    org.kakehashi.scheduling.SchedulingStore.answer(server.pool(), slot, person, answer).await();
  }

  /**
   * Signs {@code person} up for {@code session} through sign-up's one statement (no rule checks:
   * a seat when one is free, else a waitlist place); the registration as stored.
   */
  public Registration register(long session, long person, String... topics) {
    return RegistrationStore.register(server.pool(), session, person, List.of(topics), null).await();
  }
}
