package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;

import java.util.ArrayList;
import java.util.List;

/** The e-mail to people who moved up from the waitlist, queued in the transaction that moved them. */
public final class PromotionMail {

  private PromotionMail() {
  }

  public static Future<Void> tell(SqlClient tx, String publicUrl, long sessionId, List<Long> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("SELECT email::text AS email, name, locale FROM person WHERE id = ANY ($1) ORDER BY id")
        .execute(Tuple.of((Object) people.toArray(Long[]::new)))
        .compose(rows -> {
          String link = publicUrl + "/#/sessions/" + sessionId;
          List<Email> mails = new ArrayList<>();
          rows.forEach(r -> {
            boolean en = "en".equals(r.getString("locale"));
            mails.add(new Email(r.getString("email"),
                en ? "A seat is now yours" : "【参加確定】キャンセル待ちから参加が確定しました",
                en ? "Dear " + r.getString("name") + ",\n\nA seat in your session has become free and is now yours.\n"
                    + "Your Zoom link: " + link + "\n"
                    : r.getString("name") + " 様\n\n席が空いたため、オンライン合同研修への参加が確定しました。\n"
                    + "Zoom のリンクはこちら：" + link + "\n"));
          });
          return Outbox.emails(tx, mails);
        });
  }
}
