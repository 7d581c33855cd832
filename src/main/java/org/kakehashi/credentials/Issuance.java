package org.kakehashi.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.kakehashi.cases.CaseStore;
import org.kakehashi.platform.Config;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issuing one credential: the next status list index, the credential built and signed (on a worker)
 * with the current key, stored once per person, session and achievement. Used by the routes and the
 * demo alike.
 */
public final class Issuance {

  private Issuance() {
  }

  /** The installation as issuer, from the configuration. */
  public static OpenBadge.Issuer issuer(Config config) {
    Config.Credentials c = config.credentials();
    return new OpenBadge.Issuer(config.publicUrl(), c.issuerName(), c.issuerUrl(), c.issuerLogo());
  }

  /**
   * What a held session a person attended offers them: the case studies presented in it (the cases
   * package's submitted cases of the session, as "title（center）") and the achievements — 「合同研修 参加」
   * for everyone who attended, 「事例発表」 too for a presenter named on one of those cases.
   */
  record Offer(CredentialStore.Attended session, List<String> cases, List<String> presented, List<OpenBadge.Kind> kinds) {
  }

  static Future<Offer> offer(Pool pool, CredentialStore.Attended s, long personId) {
    return CaseStore.ofSession(pool, s.sessionId()).map(rows -> {
      List<String> cases = new ArrayList<>();
      List<String> presented = new ArrayList<>();
      for (CaseStore.CaseRow c : rows) {
        if (!"submitted".equals(c.status()) || c.title() == null || c.title().isBlank()) {
          continue;
        }
        String name = c.title().strip() + "（" + c.centerName() + "）";
        cases.add(name);
        for (Object o : c.presenters()) {
          if (o instanceof JsonObject p && Long.valueOf(personId).equals(p.getLong("id"))) {
            presented.add(name);
          }
        }
      }
      return new Offer(s, List.copyOf(cases), List.copyOf(presented), presented.isEmpty()
          ? List.of(OpenBadge.Kind.PARTICIPATION) : List.of(OpenBadge.Kind.PARTICIPATION, OpenBadge.Kind.PRESENTATION));
    });
  }

  static Future<CredentialStore.Credential> issue(Vertx vertx, Pool pool, Config config, Offer offer,
                                                  long personId, OpenBadge.Kind kind, boolean withEvidence) {
    CredentialStore.Attended s = offer.session();
    OpenBadge.Issuer issuer = issuer(config);
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    OpenBadge.Session session = new OpenBadge.Session(s.sessionId(), s.roundTitle(), s.startsAt(), s.endsAt(),
        s.cities(), s.topics(), offer.cases(), offer.presented());
    return CredentialStore.nextStatusIndex(pool).compose(index -> IssuerKeys.signing(vertx, pool, config.credentials())
        .compose(key -> vertx.executeBlocking(() -> OpenBadge.sign(OpenBadge.credential(issuer, kind, session, personId,
                s.personName(), id, now.toInstant(), withEvidence ? s.tryAnswer() : null, index), key), false)
            .compose(jwt -> CredentialStore.insert(pool, id, s.sessionId(), personId, kind.code, index, key.getKeyID(), jwt,
                withEvidence, now))))
        // Two accepts at once: the second finds the first's credential.
        .compose(inserted -> CredentialStore.find(pool, s.sessionId(), personId, kind.code));
  }

  /**
   * The demo's credentials: in every held session, each confirmed participant who wrote a
   * reflection accepts "合同研修 参加" with their "what I will try" answer when the note is quoted by name (and a presenter of one of
   * its cases 「事例発表」 as well, when the demo has cases), except {@code keepOffered}
   * (who finds it offered); {@code hidden} hides theirs. Only when no credential exists yet.
   */
  public static Future<Integer> demo(Vertx vertx, Pool pool, Config config, String keepOffered, String hidden) {
    return pool.query("SELECT count(*) AS n FROM credential").execute().compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.succeededFuture(0);
      }
      return pool.preparedQuery("SELECT DISTINCT reg.person_id, p.email FROM registration reg JOIN session s ON s.id = reg.session_id"
              + " JOIN person p ON p.id = reg.person_id JOIN reflection r ON r.session_id = s.id AND r.person_id = reg.person_id"
              + " WHERE s.status = 'held' AND reg.status = 'confirmed' ORDER BY reg.person_id").execute(io.vertx.sqlclient.Tuple.tuple())
          .compose(people -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (var row : people) {
              long person = row.getLong("person_id");
              String email = row.getString("email");
              if (email.equalsIgnoreCase(keepOffered)) {
                continue;
              }
              chain = chain.compose(n -> CredentialStore.attended(pool, person).compose(sessions -> {
                Future<Integer> inner = Future.succeededFuture(n);
                for (CredentialStore.Attended s : sessions) {
                  // An anonymous note's answer never goes into a credential with the name (README, "Credentials").
                  boolean evidence = s.tryAnswer() != null && !s.tryAnswer().isBlank() && !s.tryAnonymous();
                  inner = inner.compose(k -> offer(pool, s, person).compose(o -> {
                    Future<Integer> each = Future.succeededFuture(k);
                    for (OpenBadge.Kind kind : o.kinds()) {
                      each = each.compose(j -> issue(vertx, pool, config, o, person, kind,
                              evidence && kind == OpenBadge.Kind.PARTICIPATION)
                          .compose(c -> email.equalsIgnoreCase(hidden) ? CredentialStore.setPublished(pool, c.id(), false)
                              : Future.<Void>succeededFuture())
                          .map(v -> j + 1));
                    }
                    return each;
                  }));
                }
                return inner;
              }));
            }
            return chain;
          });
    });
  }
}
