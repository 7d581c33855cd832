package org.kakehashi.pairing;

import org.kakehashi.platform.Email;

/** The e-mail telling a center's staff who their partner is, in their language. Pure. */
final class PairingMail {

  private PairingMail() {
  }

  static Email compose(PairingStore.Recipient r, String roundTitle, String link) {
    String partners = String.join("\n  ", r.partners());
    if ("en".equals(r.locale())) {
      return new Email(r.email(), "Your partner center for \"" + roundTitle + "\"", """
          Dear %s,

          For the joint training round "%s", %s will learn together with:
            %s

          You will soon be asked when you can join the online session. Details: %s
          """.formatted(r.name(), roundTitle, r.center(), partners, link));
    }
    return new Email(r.email(), "「" + roundTitle + "」のパートナー館が決まりました", """
        %s 様

        合同研修「%s」で、%s は次の館と一緒に学び合います。
          %s

        このあと、オンライン研修に参加できる日時をおうかがいします。詳しくはこちら：%s
        """.formatted(r.name(), roundTitle, r.center(), partners, link));
  }
}
