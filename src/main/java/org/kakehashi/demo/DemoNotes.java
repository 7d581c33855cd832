package org.kakehashi.demo;

import java.util.List;
import java.util.Map;

/**
 * The reflection notes of the demo's held session (名取市 and 松江市, with guests from other cities):
 * written as staff would write them, so that the key phrases, quotes and "what each center took from
 * its partner" of the summary read like something a facilitator could plan the next session with.
 */
final class DemoNotes {

  /**
   * A note: who writes it ({@code writer} is an e-mail's local part such as {@code natori-1.1}, or
   * {@code en-1}/{@code en-2} for the first two English-speaking guests), the topic they ranked first,
   * the answers by prompt key, and the visibility and quoting they chose.
   */
  record Note(String writer, String topic, Map<String, String> answers, String visibility, String quoteAs) {
  }

  private DemoNotes() {
  }

  static final List<Note> NOTES = List.of(
      new Note("natori-1.1", "disaster", Map.of(
          "noticed", "松江市の公民館では、地域の自治会と一緒に毎年テーマを変えて防災訓練をしていると聞き、続けるための工夫がたくさんあることに気づきました。"
              + "名取市では震災の記憶がある分、訓練が「いつもの行事」になりがちです。オンラインでも顔を見て話すと、同じ悩みを持っていることがよく分かりました。",
          "ideal", "地域の人の声を聞いて、公民館を「困ったときに最初に思い出してもらえる場所」にできる職員になりたいです。"
              + "講座を企画するだけでなく、人と人をつなぐ役になりたいと思いました。",
          "try", "松江市のように、子ども食堂のボランティアと一緒に避難所運営の体験会を開いてみたいです。"
              + "まずは来月の防災講座で、子育て世代にも声をかけてみます。",
          "partner", "松江市では、公民館が防災訓練の事務局ではなく場づくり役に徹していて、住民が自分たちで計画していました。"
              + "任せる勇気と、記録を残して次の担当者に引き継ぐ仕組みを学びました。"),
          "network", "name"),
      new Note("natori-1.2", "elderly", Map.of(
          "noticed", "高齢者の居場所づくりは、どの地域でも担い手の高齢化が課題だと分かりました。"
              + "ブレイクアウトルームでは松江市の方が、サロンの後にスマホ相談の時間を作っていると話してくれました。",
          "ideal", "利用者の小さな変化に気づける職員でありたいです。忙しくても、窓口で一言声をかける余裕を持ちたいと思います。",
          "try", "サロンの最後に10分だけ「スマホなんでも相談」を試してみます。"
              + "オンラインで家族と話せるようになれば、閉じこもりがちな高齢者が外に出るきっかけにもなると思います。",
          "partner", "松江市の公民館は、地区ごとに高齢者の見守りを自治会と分担していて、公民館が地域の情報の集まる場所になっていました。"
              + "名取市でも、地域包括支援センターとの連携をもう一度見直したいです。"),
          "partners", "name"),
      new Note("natori-1.3", "childcare", Map.of(
          "noticed", "子育て支援の話題で、若い世代が公民館に来ない理由は「用事がないから」だという話が印象に残りました。"
              + "名取市でも同じで、子ども食堂の日だけ親子連れが増えます。",
          "ideal", "若い世代にも気軽に声をかけてもらえる、話しやすい職員になりたいです。",
          "try", "子ども食堂の日に、公民館の講座やサークルを紹介する小さな掲示を作ってみます。"
              + "SNSでの発信も、松江市の例を参考に月2回から始めます。",
          "partner", "松江市では中学生が公民館まつりの運営に関わっていて、子どもが地域の担い手として扱われていました。"
              + "子どもを「参加者」ではなく「仲間」として迎える考え方を学びました。"),
          "facilitators", "anonymous"),
      new Note("matsue-1.1", "disaster", Map.of(
          "noticed", "名取市の方から震災当時の公民館の様子を直接うかがい、避難所になったときに職員が何をしていたのかを初めて具体的に知りました。"
              + "防災訓練を毎年の行事で終わらせてはいけないと強く感じました。",
          "ideal", "いざという時に地域の人が頼れる公民館であるために、普段から住民と顔の見える関係をつくれる職員になりたいです。",
          "try", "次の防災訓練では、名取市で実際に役立ったという避難所運営カードを使って、住民が役割を体験する時間を設けたいと思います。"
              + "オンラインで名取市の方に講師をお願いできないか相談してみます。",
          "partner", "名取市では、震災の経験を若い世代に伝えるために、公民館が語り部の会と子ども向けの防災教室をつないでいました。"
              + "経験を地域の学びに変える仕組みが印象的でした。"),
          "network", "name"),
      new Note("matsue-1.2", "multicultural", Map.of(
          "noticed", "多文化共生の話になると、外国人住民が公民館の存在を知らないという話がどの地域からも出ました。"
              + "お知らせが日本語だけになっていることに、改めて気づきました。",
          "ideal", "言葉や文化の違いがあっても、誰でも安心して来られる公民館をつくる職員になりたいです。",
          "try", "講座の案内をやさしい日本語で書き直し、防災訓練のお知らせにもふりがなを付けてみます。"
              + "那覇市の方が教えてくれた多言語の指さしシートも作ってみたいです。",
          "partner", "名取市では、震災のときに外国人住民へ情報が届かなかった反省から、公民館でやさしい日本語の講座を開いているそうです。"
              + "地域の備えは言葉の壁をなくすことから始まると学びました。"),
          "partners", "anonymous"),
      new Note("naha-1.1", "multicultural", Map.of(
          "noticed", "オンラインでも、地域が違うと「当たり前」がこんなに違うのかと驚きました。"
              + "那覇市は観光客や外国人住民が多いので、多文化共生の話題では具体的な事例を共有できました。",
          "ideal", "地域の外から来た人も、ずっと住んでいる人も、公民館でつながれるように橋渡しをする職員になりたいです。",
          "try", "名取市の防災の話を聞いて、那覇市でも台風に備えた避難所の多言語案内を公民館から始めたいと思います。",
          "partner", "名取市と松江市の話から、公民館が地域の防災訓練や子ども食堂の拠点になっていることを学びました。"
              + "規模が違っても、住民と一緒に考える姿勢は同じでした。"),
          "network", "name"),
      new Note("susono-1.1", "elderly", Map.of(
          "noticed", "裾野市は小さな市なので、ほかの地域の公民館の話を聞ける機会は貴重でした。"
              + "高齢者の居場所づくりでは、どこも送迎や移動手段に困っていることが分かりました。",
          "ideal", "一人ひとりの話をじっくり聞ける職員でありたいです。",
          "try", "松江市のサロンの話を参考に、公民館の空き時間を使った「ふらっとお茶会」を試してみます。自治会長さんにも相談してみます。",
          "partner", "松江市では自治会と公民館の役割分担がはっきりしていて、高齢者の見守りが地域全体の仕事になっていました。"
              + "名取市の防災の取り組みも、高齢者の避難支援という点でとても参考になりました。"),
          "facilitators", "name"),
      new Note("kochi-1.1", "reflection", Map.of(
          "noticed", "ふりかえりの時間が短く感じるほど、話が尽きませんでした。ブレイクアウトルームの人数がちょうどよく、全員が話せたのが良かったです。"
              + "オンラインでも、最初に自己紹介の時間を取ると話しやすくなると気づきました。",
          "ideal", "自分の経験を言葉にして、ほかの職員と分かち合える職員になりたいです。",
          "try", "館内の職員会議で、今日のようなふりかえりの時間を月に一度つくってみます。",
          "partner", "名取市の方の「公民館は地域の記憶を預かる場所」という言葉が心に残りました。"
              + "松江市の自治会との連携も、高知市の中山間地域で活かせそうです。"),
          "network", "anonymous"),
      new Note("en-1", "disaster", Map.of(
          "noticed", "Even online, the breakout rooms felt like a real conversation. Hearing how the Natori community center"
              + " became an evacuation shelter made our own disaster drills feel much more urgent.",
          "ideal", "I want to be the staff member residents think of first when something goes wrong in the neighbourhood.",
          "try", "I will invite the neighbourhood association to plan the next disaster drill with us instead of running it"
              + " for them, as they do in Matsue.",
          "partner", "From Natori I learned that a community center can keep the memory of a disaster alive through"
              + " storytelling and classes for children. From Matsue, that residents can run a drill themselves when the"
              + " center steps back."),
          "partners", "name"),
      new Note("en-2", "childcare", Map.of(
          "noticed", "Young parents only come to the community center when there is a clear reason, such as the children's"
              + " cafeteria. Several rooms said the same thing.",
          "ideal", "Someone who listens first and plans second.",
          "try", "Post our classes on social media twice a month and put a small notice board up at the children's cafeteria.",
          "partner", "Matsue involves junior high school students in running the center's festival. I would like to give"
              + " young people real roles too, not just seats in the audience."),
          "network", "anonymous"));
}
