package org.kakehashi.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Config;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  static Future<CredentialStore.Credential> issue(Vertx vertx, Pool pool, Config config, CredentialStore.Attended s,
                                                  long personId, OpenBadge.Kind kind, boolean withEvidence) {
    OpenBadge.Issuer issuer = issuer(config);
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    OpenBadge.Session session = new OpenBadge.Session(s.sessionId(), s.roundTitle(), s.startsAt(), s.endsAt(),
        s.cities(), s.topics(), List.of());
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
   * reflection accepts "合同研修 参加" with their "what I will try" answer, except {@code keepOffered}
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
                  boolean evidence = s.tryAnswer() != null && !s.tryAnswer().isBlank();
                  inner = inner.compose(k -> issue(vertx, pool, config, s, person, OpenBadge.Kind.PARTICIPATION, evidence)
                      .compose(c -> email.equalsIgnoreCase(hidden) ? CredentialStore.setPublished(pool, c.id(), false) : Future.succeededFuture())
                      .map(v -> k + 1));
                }
                return inner;
              }));
            }
            return chain;
          });
    });
  }
}
