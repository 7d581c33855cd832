package org.kakehashi.reflections;

import org.kakehashi.platform.Email;
import org.kakehashi.rounds.Round;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The e-mails asking a participant for their reflection, in their language (Japanese unless en). Pure. */
final class ReflectionMail {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** Someone to write to, and the session they took part in. */
  record Recipient(long sessionId, String email, String name, String locale, String roundTitle,
                   OffsetDateTime startsAt, List<Round.Label> prompts, OffsetDateTime editableUntil) {
  }

  private ReflectionMail() {
  }

  static String link(String publicUrl, long sessionId) {
    return publicUrl + "/#/sessions/" + sessionId + "/reflection";
  }

  /** Sent when the session is held: the form's link and its prompts. */
  static Email invitation(Recipient r, String publicUrl) {
    boolean en = "en".equals(r.locale());
    if (en) {
      return new Email(r.email(), "Your reflection: " + r.roundTitle() + " (" + day(r, true) + ")",
          "Dear " + r.name() + ",\n\nThank you for taking part in the joint online session on " + day(r, true) + ".\n"
              + "Please write a short reflection. The questions:\n" + prompts(r, true)
              + "\nWrite it here: " + link(publicUrl, r.sessionId()) + "\n"
              + "You choose who may read it, and you can edit it until " + until(r, true) + " (Japan time).\n");
    }
    return new Email(r.email(), "【振り返りのお願い】" + r.roundTitle() + "（" + day(r, false) + "）",
        r.name() + " 様\n\n" + day(r, false) + " のオンライン合同研修へのご参加ありがとうございました。\n"
            + "振り返りの記入をお願いします。問いは次のとおりです：\n" + prompts(r, false)
            + "\n記入はこちら：" + link(publicUrl, r.sessionId()) + "\n"
            + "公開範囲はご自身で選べます。" + until(r, false) + "（日本時間）まで編集できます。\n");
  }

  /** The facilitator's one-click reminder to those who have not written yet. */
  static Email reminder(Recipient r, String publicUrl) {
    boolean en = "en".equals(r.locale());
    if (en) {
      return new Email(r.email(), "Reminder: your reflection on " + r.roundTitle(),
          "Dear " + r.name() + ",\n\nYour reflection on the session of " + day(r, true) + " is still open.\n"
              + "A few lines are enough: " + link(publicUrl, r.sessionId()) + "\n"
              + "You can write it until " + until(r, true) + " (Japan time).\n");
    }
    return new Email(r.email(), "【リマインド】振り返りの記入をお願いします：" + r.roundTitle(),
        r.name() + " 様\n\n" + day(r, false) + " のオンライン合同研修の振り返りがまだのようです。\n"
            + "数行で構いません：" + link(publicUrl, r.sessionId()) + "\n"
            + until(r, false) + "（日本時間）まで記入できます。\n");
  }

  private static String prompts(Recipient r, boolean en) {
    StringBuilder sb = new StringBuilder();
    for (Round.Label p : r.prompts()) {
      sb.append(en ? "  - " : "  ・").append(en && p.en() != null && !p.en().isBlank() ? p.en() : p.ja()).append('\n');
    }
    return sb.toString();
  }

  private static String day(Recipient r, boolean en) {
    return r.startsAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern(en ? "d MMM yyyy" : "yyyy年M月d日",
        en ? Locale.ENGLISH : Locale.JAPANESE));
  }

  private static String until(Recipient r, boolean en) {
    return r.editableUntil().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern(
        en ? "EEE d MMM yyyy HH:mm" : "yyyy年M月d日(E) H:mm", en ? Locale.ENGLISH : Locale.JAPANESE));
  }
}
