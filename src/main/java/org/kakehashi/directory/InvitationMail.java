package org.kakehashi.directory;

import org.kakehashi.platform.Email;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The invitation e-mail, in the invitee's language. Pure. */
final class InvitationMail {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private InvitationMail() {
  }

  static Email compose(String to, String name, String locale, String link, OffsetDateTime expiresAt) {
    String until = expiresAt.atZoneSameInstant(TOKYO).format(
        DateTimeFormatter.ofPattern("ja".equals(locale) ? "yyyy年M月d日 H:mm" : "d MMM yyyy, HH:mm", Locale.forLanguageTag(locale)));
    if ("en".equals(locale)) {
      return new Email(to, "Your invitation to Kakehashi", """
          Dear %s,

          You have been invited to Kakehashi, where community centers in different cities learn from each other
          in joint online training sessions.

          Open this link to set your password and sign in:
          %s

          The link works once and until %s (Japan time). If it has expired, ask your coordinator for a new one.
          """.formatted(name, link, until));
    }
    return new Email(to, "かけはし（Kakehashi）へのご招待", """
        %s 様

        地域をこえて公民館・コミュニティセンターの職員が学び合うオンライン合同研修「かけはし」にご招待します。

        次のリンクを開いて、パスワードを設定してください。
        %s

        このリンクは一度だけ、%s（日本時間）まで有効です。期限が切れた場合は、コーディネーターに再送を依頼してください。
        """.formatted(name, link, until));
  }
}
