package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Passwords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first coordinator, without any default password: created from {@code KAKEHASHI_ADMIN_EMAIL}
 * and {@code KAKEHASHI_ADMIN_PASSWORD}, or else through a one-time set-up link printed on the console.
 */
public final class FirstCoordinator {

  private static final Logger log = LoggerFactory.getLogger(FirstCoordinator.class);

  private FirstCoordinator() {
  }

  /**
   * At start-up: does nothing once a coordinator exists. Returns the set-up link's token when it
   * printed one (tests follow the link), else null.
   */
  public static Future<String> ensure(Pool pool, Passwords passwords, Config config) {
    return PersonStore.anyCoordinator(pool).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(null);
      }
      if (config.adminEmail() != null && config.adminPassword() != null) {
        return passwords.hashIfStrong(config.adminPassword(), "KAKEHASHI_ADMIN_PASSWORD", config.adminEmail())
            .compose(hash -> pool.withTransaction(tx -> create(tx, config.adminEmail(), null)
                .compose(id -> PersonStore.setPassword(tx, id, hash))))
            .onSuccess(v -> log.atInfo().addKeyValue("email", config.adminEmail())
                .log("first coordinator created from KAKEHASHI_ADMIN_EMAIL"))
            .map((String) null);
      }
      return pool.withTransaction(tx -> InvitationStore.issue(tx, null, config.security().invitationTtl()))
          .onSuccess(issued -> log.warn("""

              ================================================================
               No coordinator exists yet. Open this one-time link to create
               the first coordinator account (valid until {}):

               {}/invite/{}
              ================================================================
              """, issued.expiresAt(), config.publicUrl(), issued.token()))
          .map(InvitationStore.Issued::token);
    });
  }

  /** Creates the first coordinator inside the caller's transaction; refused once one exists. */
  static Future<Long> create(SqlClient tx, String email, String name) {
    if (email == null) {
      return Future.failedFuture(ApiError.invalid("email", "Enter the e-mail address of the first coordinator."));
    }
    return tx.query("LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE").execute()
        .compose(v -> PersonStore.anyCoordinator(tx))
        .compose(exists -> exists
            ? Future.failedFuture(ApiError.conflict("already_set_up", "A coordinator already exists. Sign in instead."))
            : tx.preparedQuery("INSERT INTO person (email, name, roles) VALUES ($1, $2, '{coordinator}')"
                    + " ON CONFLICT (email) DO UPDATE SET roles = array_append(person.roles, 'coordinator')"
                    + " RETURNING id")
                .execute(Tuple.of(email, name == null ? email.substring(0, email.indexOf('@')) : name))
                .map(rows -> rows.iterator().next().getLong("id")));
  }
}
