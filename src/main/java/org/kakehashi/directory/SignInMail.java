package org.kakehashi.directory;

import org.kakehashi.platform.Email;

/** The e-mails of signing in, in the person's language: the notice of many failed guesses and the one-time link. Pure. */
final class SignInMail {

  private SignInMail() {
  }

  /** Told once per window when password guesses for the account went over the limit (README, "Security"). */
  static Email notice(String to, String name, String locale, String publicUrl) {
    if ("en".equals(locale)) {
      return new Email(to, "Kakehashi: many wrong passwords for your account", """
          Dear %s,

          Someone has entered a wrong password for your Kakehashi account several times. For a while,
          sign-in with a password is paused for your account. Your password has not been changed.

          You can still sign in at once with a link sent to this address: open %s and choose
          "Send me a sign-in link".

          If it was you, nothing else is needed. If it was not, consider choosing a new password after signing in.
          """.formatted(name, publicUrl));
    }
    return new Email(to, "かけはし：パスワードの入力ミスが続きました", """
        %s 様

        あなたのかけはしアカウントで、間違ったパスワードが何度か入力されました。しばらくの間、
        パスワードでのログインを止めています。パスワードは変更されていません。

        このアドレスに届くリンクなら、すぐにログインできます。%s を開き、
        「ログイン用リンクをメールで受け取る」を選んでください。

        ご自身の操作でしたら、何もする必要はありません。心当たりがない場合は、ログイン後にパスワードの変更をご検討ください。
        """.formatted(name, publicUrl));
  }

  /** The one-time sign-in link (15 minutes, single use). */
  static Email link(String to, String name, String locale, String link, long minutes) {
    if ("en".equals(locale)) {
      return new Email(to, "Your Kakehashi sign-in link", """
          Dear %s,

          Open this link to sign in to Kakehashi:
          %s

          The link works once and for %d minutes. If you did not ask for it, you can ignore this e-mail.
          """.formatted(name, link, minutes));
    }
    return new Email(to, "かけはし：ログイン用リンク", """
        %s 様

        次のリンクを開くと、かけはしにログインできます。
        %s

        このリンクは一度だけ、%d 分間有効です。お心当たりがない場合は、このメールを無視してください。
        """.formatted(name, link, minutes));
  }
}
