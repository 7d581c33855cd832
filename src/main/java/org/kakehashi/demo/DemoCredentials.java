package org.kakehashi.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.kakehashi.credentials.Issuance;
import org.kakehashi.platform.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo credentials: in the demo's held session everyone who wrote a note has accepted their Open
 * Badges 3.0 participation credential (signed with the installation's real key, through the same
 * issuing code as the API), except natori-1.1, who finds it offered in the history to try; one
 * participant (matsue-1.1) has hidden theirs, so the verification page shows only "valid".
 */
public final class DemoCredentials {

  private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

  private DemoCredentials() {
  }

  public static Future<Void> seed(Vertx vertx, Pool pool, Config config) {
    return Issuance.demo(vertx, pool, config, "natori-1.1@" + DemoData.DOMAIN, "matsue-1.1@" + DemoData.DOMAIN)
        .onSuccess(n -> {
          if (n > 0) {
            log.info("demo data: {} credentials issued for the held session", n);
          }
        })
        .mapEmpty();
  }
}
