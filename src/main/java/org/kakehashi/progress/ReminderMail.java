package org.kakehashi.progress;

import org.kakehashi.platform.Email;

/** The reminder to answer a round's candidate times, in the person's language. Pure. */
final class ReminderMail {

  private ReminderMail() {
  }

  static Email compose(ProgressStore.Unanswered p, String roundTitle, String link) {
    if ("en".equals(p.locale())) {
      return new Email(p.email(), "When can you join? \"" + roundTitle + "\"", """
          Dear %s,

          For the joint training round "%s", we are choosing the date of your center's online session.
          Please tell us which of the proposed times you can make (one tap per time):
            %s

          The session is set at the time most of both centers' staff can make.
          """.formatted(p.name(), roundTitle, link));
    }
    return new Email(p.email(), "【回答のお願い】「" + roundTitle + "」の参加できる日時", """
        %s 様

        合同研修「%s」のオンライン研修の日時を決めています。
        候補の日時のうち、参加できるものを教えてください（1つの日時につき1回押すだけです）。
          %s

        両方のセンターの職員がいちばん多く参加できる日時に決まります。
        """.formatted(p.name(), roundTitle, link));
  }
}
