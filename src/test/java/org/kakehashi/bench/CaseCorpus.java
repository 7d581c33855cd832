package org.kakehashi.bench;

import java.util.List;
import java.util.Random;

/**
 * Synthetic but realistic case studies for the library benchmark: a community center's practice written
 * the way centers write it (a place, an activity among ~150 compound names, the people involved, what was
 * tried, what is still hard), over the real municipalities. The vocabulary is wide enough that a query word
 * matches a few percent of the library, not most of it, as in a real library; a few generic words (連携,
 * 地域, 参加者) match much more, and the benchmark queries them too.
 */
final class CaseCorpus {

  static final String[] ACTIVITIES = {"防災訓練", "避難所運営訓練", "防災マップづくり", "防災士養成講座", "応急手当講習", "多文化共生講座",
      "日本語教室", "外国人住民交流会", "やさしい日本語講座", "国際交流フェスタ", "姉妹都市交流", "英会話サロン", "子育てサロン", "子ども食堂",
      "放課後子ども教室", "学習支援教室", "不登校の居場所", "家庭教育学級", "孫育て講座", "読み聞かせ会", "絵本の広場", "高齢者サロン",
      "認知症カフェ", "介護予防体操", "健康づくり講座", "いきいき百歳体操", "配食サービス", "買い物支援", "移動販売", "見守り活動",
      "民生委員との情報交換会", "食育講座", "男性料理教室", "郷土料理教室", "伝統芸能の継承", "神楽保存会", "盆踊り大会", "夏祭り",
      "公民館まつり", "地区運動会", "文化祭", "市民大学", "出前講座", "生涯学習講座", "読書会", "図書館連携講座", "環境学習", "里山保全活動",
      "川の清掃活動", "ごみ減量講座", "資源回収", "花壇づくり", "農業体験", "田植え体験", "稲刈り体験", "地産地消マルシェ", "観光ボランティア",
      "歴史散策", "まち歩き", "史跡めぐり", "郷土史講座", "写真教室", "俳句教室", "書道教室", "茶道教室", "合唱サークル", "吹奏楽演奏会",
      "将棋教室", "囲碁クラブ", "パソコン教室", "スマホ相談会", "デジタル活用支援", "オンライン講座", "動画配信", "SNS発信講座", "広報紙づくり",
      "回覧板の電子化", "自治会活動", "町内会の担い手育成", "防犯パトロール", "交通安全教室", "青少年育成会議", "中学生ボランティア",
      "高校生ボランティア", "大学生インターンシップ", "地域おこし協力隊との協働", "移住者交流会", "空き家活用", "商店街活性化", "起業塾",
      "就労支援講座", "障がい者との交流会", "手話講座", "点訳ボランティア", "平和学習", "人権講座", "男女共同参画セミナー", "消費者教育講座",
      "金融教育講座", "PTA連携事業", "学校支援ボランティア", "コミュニティスクール", "地域学校協働活動", "多世代交流会", "世代間交流",
      "生きがいづくり講座", "居場所づくり", "フードドライブ", "フードバンク", "こども会", "ラジオ体操", "ウォーキング大会", "ヨガ教室",
      "卓球サークル", "グラウンドゴルフ", "ボッチャ体験", "eスポーツ交流", "プログラミング教室", "科学実験教室", "星空観察会", "キャンプ体験",
      "防災キャンプ", "避難所体験", "炊き出し訓練", "備蓄品の点検", "ハザードマップ講座", "津波避難訓練", "土砂災害の学習会", "雪かきボランティア",
      "除雪支援", "熱中症予防講座", "終活セミナー", "相続の勉強会", "介護者のつどい", "ひきこもり支援", "ヤングケアラー支援", "若者会議",
      "ユースカウンシル", "成人式の企画", "婚活イベント", "ママカフェ", "パパ講座", "保育ボランティア", "発達支援の学習会", "地域福祉計画づくり",
      "まちづくり協議会", "住民ワークショップ", "地区計画の話し合い", "公民館報", "サークル発表会", "作品展", "地域の音楽会"};

  static final String[] ACTORS = {"地域住民", "高齢者", "子どもたち", "保護者", "若者", "外国人住民", "留学生", "職員", "社会教育主事",
      "地域コーディネーター", "ボランティア", "自治会長", "民生委員", "小学校", "中学校", "高校", "大学", "社会福祉協議会", "市役所の担当課",
      "NPO法人", "商工会", "農協", "漁協", "地元企業", "商店街", "消防団", "警察署", "保健センター", "図書館", "児童館", "老人クラブ", "婦人会",
      "PTA", "子育てサークル", "国際交流協会", "観光協会", "地域包括支援センター", "寺社", "病院", "保育所"};

  static final String[] AREAS = {"東", "西", "南", "北", "中央", "本町", "緑が丘", "桜台", "旭", "若葉", "港", "山手", "川口", "新田", "駅前",
      "上野", "下町", "平和", "城南", "清水"};

  static final String[] SEASONS = {"春", "夏", "秋", "冬", "毎月", "毎週", "年に二回", "土曜日", "平日の夜", "夏休み"};

  static final String[] FRAMES = {
      "%1$sの%2$s地区では、%3$sを%5$s開いています。", "%3$sは、%4$sの声から始まりました。",
      "参加者が少ないことが課題で、%4$sと組んで呼びかけ方を変えました。", "%4$sと%6$sが一緒に企画し、%3$sを続けています。",
      "%7$d人ほどが参加し、%6$sも運営に加わりました。", "コロナ禍の後、%3$sをオンラインでも配信する工夫をしました。",
      "%3$sの担い手が高齢化し、次の世代への引き継ぎに悩んでいます。", "チラシだけでなく、SNSや回覧板で%4$sに知らせました。",
      "%1$sならではの%8$sを取り入れ、%3$sの内容を毎年見直しています。", "%6$sとの連携で、%8$sにも広がりました。",
      "初めて参加した%4$sが、次の回から運営側に回ってくれました。", "会場までの交通手段がない%4$sのために、送迎を手配しました。",
      "%3$sの後に振り返りの時間を取り、%6$sの意見を次の企画に生かしています。", "予算が限られるため、%6$sから備品を借りています。",
      "%2$s地区の%4$sと%6$sをつなぐ場として、公民館が役割を果たしています。", "相手センターには、%8$sの進め方を聞いてみたいです。",
      "%5$sの%3$sには、親子での参加が増えました。", "地域の課題を話し合う中で、%8$sという新しい取り組みが生まれました。",
      "%1$sの職員は、%3$sの準備に毎回二週間ほどかけています。", "参加者アンケートでは、%4$sとの出会いが一番の収穫という声が多くありました。",
      "%4$sの孤立を防ぐため、%3$sで顔の見える関係をつくっています。", "雨の日や猛暑の日でも開けるよう、%3$sの会場を室内に移しました。",
      "%6$sの協力で、%3$sの記録を冊子にまとめました。", "%3$sに来ない%4$sにどう届けるかが、今の悩みです。"};

  static final String[] TITLES = {"%1$sの%3$s", "%2$s地区の%3$sの取り組み", "%4$sと進める%3$s", "%3$sから%8$sへ",
      "%1$sにおける%3$sの工夫", "みんなでつくる%3$s", "%3$sの十年", "%4$sがつなぐ%3$s"};

  /** Query words: whole compounds, words from inside them, places and people, a few generic words. */
  static final String[] QUERY_WORDS = {"防災", "訓練", "避難所", "多文化", "共生", "日本語", "子育て", "子ども食堂", "食堂", "認知症",
      "カフェ", "介護予防", "体操", "見守り", "配食", "買い物", "郷土料理", "神楽", "盆踊り", "伝統芸能", "読み聞かせ", "里山", "清掃",
      "ごみ", "田植え", "稲刈り", "地産地消", "マルシェ", "観光", "史跡", "俳句", "書道", "茶道", "合唱", "将棋", "囲碁", "パソコン", "スマホ",
      "デジタル", "オンライン", "配信", "広報紙", "回覧板", "自治会", "町内会", "担い手", "防犯", "交通安全", "高校生", "大学生", "インターン",
      "協力隊", "移住者", "空き家", "商店街", "起業", "就労", "手話", "点訳", "平和学習", "人権", "男女共同参画", "金融教育", "学校支援",
      "コミュニティスクール", "多世代", "世代間交流", "居場所", "フードドライブ", "フードバンク", "ラジオ体操", "ボッチャ", "eスポーツ",
      "プログラミング", "星空", "キャンプ", "炊き出し", "備蓄", "ハザードマップ", "津波", "土砂災害", "雪かき", "除雪", "熱中症", "終活",
      "相続", "ひきこもり", "ヤングケアラー", "若者会議", "成人式", "婚活", "ママカフェ", "発達支援", "福祉計画", "ワークショップ", "公民館報",
      "作品展", "音楽会", "外国人住民", "留学生", "民生委員", "社会福祉協議会", "消防団", "老人クラブ", "婦人会", "国際交流",
      "連携", "地域", "参加者"};

  private CaseCorpus() {
  }

  /** One case: title, summary, background, approach, challenges, and the topic key. */
  static String[] next(Random rnd, String city, String[] topics) {
    String[] slots = slots(rnd, city);
    StringBuilder background = new StringBuilder();
    StringBuilder approach = new StringBuilder();
    StringBuilder challenges = new StringBuilder();
    for (StringBuilder b : List.of(background, approach, challenges)) {
      for (int i = 2 + rnd.nextInt(3); i > 0; i--) {
        b.append(sentence(rnd, rnd.nextInt(3) == 0 ? slots(rnd, city) : slots));
      }
    }
    String title = format(TITLES[rnd.nextInt(TITLES.length)], slots);
    String summary = sentence(rnd, slots) + sentence(rnd, slots);
    return new String[] {title, summary, background.toString(), approach.toString(), challenges.toString(),
        topics[rnd.nextInt(topics.length)]};
  }

  private static String[] slots(Random rnd, String city) {
    return new String[] {city, AREAS[rnd.nextInt(AREAS.length)], ACTIVITIES[rnd.nextInt(ACTIVITIES.length)],
        ACTORS[rnd.nextInt(ACTORS.length)], SEASONS[rnd.nextInt(SEASONS.length)], ACTORS[rnd.nextInt(ACTORS.length)],
        String.valueOf(10 + rnd.nextInt(190)), ACTIVITIES[rnd.nextInt(ACTIVITIES.length)]};
  }

  private static String sentence(Random rnd, String[] slots) {
    return format(FRAMES[rnd.nextInt(FRAMES.length)], slots);
  }

  private static String format(String frame, String[] s) {
    return String.format(frame, s[0], s[1], s[2], s[3], s[4], s[5], Integer.parseInt(s[6]), s[7]);
  }
}
