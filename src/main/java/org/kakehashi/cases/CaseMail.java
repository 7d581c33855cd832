package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The e-mails about cases, in the reader's language (Japanese unless en), queued in the caller's transaction. */
final class CaseMail {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter JA = DateTimeFormatter.ofPattern("M月d日 H:mm");
  private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("MMM d, H:mm", java.util.Locale.ENGLISH);

  private CaseMail() {
  }

  static String link(String publicUrl, long caseId) {
    return publicUrl + "/#/cases/" + caseId;
  }

  /** When a center submits its case: its partner's staff are told, so they can read ahead and ask. */
  static Future<Void> submitted(SqlClient tx, CaseStore.SessionInfo s, CaseStore.CaseRow c, String publicUrl) {
    return CaseStore.partnerStaff(tx, s, c.centerId()).compose(readers -> Outbox.emails(tx, readers.stream()
        .map(r -> submitted(r, s, c, publicUrl)).toList()));
  }

  static Email submitted(CaseStore.Reader r, CaseStore.SessionInfo s, CaseStore.CaseRow c, String publicUrl) {
    String when = s.startsAt().atZoneSameInstant(TOKYO).format("en".equals(r.locale()) ? EN : JA);
    if ("en".equals(r.locale())) {
      return new Email(r.email(), "Your partner's case: " + c.centerName() + " — " + c.title(),
          "Dear " + r.name() + ",\n\n" + c.centerName() + " has shared its case study for the joint session on " + when
              + " (Japan time):\n\n" + c.title() + "\n" + c.summary() + "\n\nRead it ahead and ask your questions here: "
              + link(publicUrl, c.id()) + "\n");
    }
    return new Email(r.email(), "【事例の共有】" + c.centerName() + "「" + c.title() + "」",
        r.name() + " 様\n\n" + when + " の合同研修に向けて、" + c.centerName() + "が事例を提出しました。\n\n"
            + c.title() + "\n" + c.summary() + "\n\n事前に読んで、質問があればこちらからどうぞ：" + link(publicUrl, c.id()) + "\n");
  }

  /** Before a case is due: the center's staff are reminded that it is not submitted yet. */
  static Email due(CaseStore.Reader r, String centerName, String roundTitle, java.time.OffsetDateTime startsAt,
                   java.time.OffsetDateTime dueAt, long sessionId, String publicUrl) {
    boolean en = "en".equals(r.locale());
    String when = startsAt.atZoneSameInstant(TOKYO).format(en ? EN : JA);
    String due = dueAt.atZoneSameInstant(TOKYO).format(en ? EN : JA);
    String link = publicUrl + "/#/sessions/" + sessionId + "/cases";
    if (en) {
      return new Email(r.email(), "Your case study is due " + due + " — " + roundTitle,
          "Dear " + r.name() + ",\n\n" + centerName + "'s case study for the joint session on " + when
              + " (Japan time) is due " + due + " and has not been submitted yet. Any staff member of your center may"
              + " write and submit it:\n\n" + link + "\n");
    }
    return new Email(r.email(), "【事例の提出期限】" + due + "まで — " + roundTitle,
        r.name() + " 様\n\n" + when + " の合同研修で発表する" + centerName + "の事例は、" + due
            + " が提出期限ですが、まだ提出されていません。センターのスタッフならどなたでも作成・提出できます。\n\n" + link + "\n");
  }
}
