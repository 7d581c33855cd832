package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.rounds.Round;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning over time: {@code GET /api/me/history} (the signed-in person's sessions, partners, topics,
 * room, own note and the note's own most distinctive phrases, oldest to newest a record of what one took up) and, for coordinators, {@code GET /api/reflections/network} (which cities have
 * learned from each other, per round and over all rounds, with response rates).
 */
public final class HistoryRoutes {

  private final Pool pool;
  private final Config config;

  public HistoryRoutes(Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
  }

  public void mount(Router api) {
    api.get("/me/history").handler(Reply.json(this::history));
    api.get("/reflections/network").handler(Reply.json(this::network));
  }

  /** How many of one's own phrases each session of the history shows. */
  static final int OWN_PHRASES = 5;

  private Future<?> history(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    OffsetDateTime now = OffsetDateTime.now();
    return ReflectionStore.history(pool, me.personId(), config.reflections().editDays())
        .compose(rows -> Future.all(PhraseStore.ofPerson(pool, me.personId()), PhraseStore.backgroundOfPerson(pool, me.personId()),
                PhraseStore.places(pool))
            .compose(all -> ctx.vertx().executeBlocking(() -> {
              PhraseStore.Background bg = all.resultAt(1);
              Map<Long, PhraseRanking.Analysis> mine = new java.util.HashMap<>();
              PhraseStore.unpack(all.resultAt(0), bg).forEach((k, a) -> mine.put(k.get(0), a));
              return json(rows, mine, bg.statistics(), all.resultAt(2), now);
            }, false)));
  }

  /**
   * One's own phrases of a note: its most distinctive phrases against the network (README, "How
   * reflections are summarised"), places and the round's topics left out, so that the history shows
   * what one took up over time.
   */
  static List<Summarizer.Phrase> ownPhrases(PhraseRanking.Analysis a, PhraseRanking.Background bg, java.util.Set<String> setting) {
    List<Summarizer.Phrase> out = new ArrayList<>();
    a.keysByLanguage().forEach((lang, keys) -> {
      KeyPhrases.Counter c = new KeyPhrases.Counter();
      c.addNote(keys);
      PhraseRanking.rank(c, 1, bg.of(lang), setting, OWN_PHRASES).forEach(s -> out.add(new Summarizer.Phrase(s.key(),
          s.phrase(), s.count(), Math.round(s.score() * 1000) / 1000.0, lang, false)));
    });
    out.sort(java.util.Comparator.comparingDouble((Summarizer.Phrase p) -> -p.score()));
    return out.subList(0, Math.min(OWN_PHRASES, out.size()));
  }

  private static JsonObject json(List<ReflectionStore.HistoryRow> rows, Map<Long, PhraseRanking.Analysis> mine,
                                 PhraseRanking.Background bg, List<String> places, OffsetDateTime now) {
    JsonArray out = new JsonArray();
    for (ReflectionStore.HistoryRow h : rows) {
      Map<String, Round.Label> topics = new LinkedHashMap<>();
      h.roundTopics().forEach(t -> topics.put(t.key(), t));
      List<Round.Label> myTopics = h.myTopics().stream()
          .map(k -> topics.getOrDefault(k, new Round.Label(k, k, k))).toList();
      JsonObject room = h.roomId() == null ? null : new JsonObject().put("id", h.roomId()).put("name", h.roomName())
          .put("topic", h.roomTopic()).put("topicLabel", topics.get(h.roomTopic()));
      JsonObject note = h.reflection() == null ? null : new JsonObject()
          .put("answers", h.reflection().answers()).put("visibility", h.reflection().visibility())
          .put("quoteAs", h.reflection().quoteAs()).put("updatedAt", h.reflection().updatedAt());
      JsonArray phrases = new JsonArray();
      PhraseRanking.Analysis a = h.reflection() == null ? null : mine.get(h.sessionId());
      if (a != null) {
        ownPhrases(a, bg, PhraseRanking.context(places, h.roundTopics()))
            .forEach(p -> phrases.add(new JsonObject().put("key", p.key()).put("phrase", p.phrase()).put("lang", p.lang())));
      }
      out.add(new JsonObject().put("sessionId", h.sessionId()).put("roundId", h.roundId())
          .put("roundTitle", h.roundTitle()).put("startsAt", h.startsAt()).put("endsAt", h.endsAt())
          .put("status", h.status()).put("partners", h.partners()).put("topics", myTopics).put("room", room)
          .put("reflection", note).put("phrases", phrases).put("editableUntil", h.editableUntil())
          .put("canWrite", h.editableUntil() != null && h.editableUntil().isAfter(now)));
    }
    return new JsonObject().put("sessions", out);
  }

  private Future<?> network(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return ReflectionStore.cityPairs(pool).compose(pairs -> ReflectionStore.roundRates(pool).map(rates -> {
      JsonArray rounds = new JsonArray();
      for (ReflectionStore.RoundRate r : rates) {
        rounds.add(new JsonObject().put("roundId", r.roundId()).put("title", r.title())
            .put("heldSessions", r.heldSessions()).put("responses", r.responses()).put("expected", r.expected())
            .put("cityPairs", cityPairs(pairs.stream().filter(p -> p.roundId() == r.roundId()).toList())));
      }
      long held = rates.stream().mapToLong(ReflectionStore.RoundRate::heldSessions).sum();
      long responses = rates.stream().mapToLong(ReflectionStore.RoundRate::responses).sum();
      long expected = rates.stream().mapToLong(ReflectionStore.RoundRate::expected).sum();
      JsonObject overall = new JsonObject().put("heldSessions", held).put("responses", responses)
          .put("expected", expected).put("cityPairs", cityPairs(pairs));
      return new JsonObject().put("rounds", rounds).put("overall", overall);
    }));
  }

  /** City pairs summed over the given rows (one round's, or all rounds'), most sessions first. */
  static JsonArray cityPairs(List<ReflectionStore.CityPair> rows) {
    Map<List<String>, long[]> sums = new LinkedHashMap<>();
    for (ReflectionStore.CityPair p : rows) {
      long[] s = sums.computeIfAbsent(List.of(p.prefectureA(), p.cityA(), p.prefectureB(), p.cityB()), k -> new long[3]);
      s[0] += p.sessions();
      s[1] += p.notes();
      s[2]++;
    }
    List<Map.Entry<List<String>, long[]>> sorted = new ArrayList<>(sums.entrySet());
    sorted.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
    JsonArray out = new JsonArray();
    for (Map.Entry<List<String>, long[]> e : sorted) {
      List<String> k = e.getKey();
      out.add(new JsonObject()
          .put("a", new JsonObject().put("prefecture", k.get(0)).put("city", k.get(1)))
          .put("b", new JsonObject().put("prefecture", k.get(2)).put("city", k.get(3)))
          .put("sessions", e.getValue()[0]).put("notes", e.getValue()[1]).put("rounds", e.getValue()[2]));
    }
    return out;
  }
}
