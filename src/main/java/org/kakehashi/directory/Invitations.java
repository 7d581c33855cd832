package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Invitations for many people in one transaction (README, "The API": POST /api/people/invitations),
 * each a single-use link e-mailed through the outbox. Used by the people list and by publication,
 * which invites the staff who were never invited instead of telling them about a site they cannot enter.
 */
public final class Invitations {

  private Invitations() {
  }

  /** Invites up to {@code limit} people not invited yet (of {@code centerIds}, or everyone); returns how many. */
  public static Future<Integer> inviteUninvited(SqlClient tx, Config config, Long[] centerIds, int limit) {
    return BulkInviteStore.next(tx, centerIds, limit).compose(people -> {
      Future<List<Email>> mails = Future.succeededFuture(new ArrayList<>());
      for (BulkInviteStore.Invitee p : people) {
        mails = mails.compose(list -> InvitationStore.issue(tx, p.id(), config.security().invitationTtl()).map(issued -> {
          list.add(InvitationMail.compose(p.email(), p.name(), p.locale(), config.publicUrl() + "/invite/" + issued.token(),
              issued.expiresAt()));
          return list;
        }));
      }
      return mails.compose(list -> Outbox.emails(tx, list)).map(v -> people.size());
    });
  }
}
