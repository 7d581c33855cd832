package org.kakehashi.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.kakehashi.cases.CaseStore;
import org.kakehashi.cases.CaseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Demo cases (README, "Case studies"): each center of the demo's held session (Natori–Matsue among the
 * pairs) has a submitted case opened to the network, so the library is not empty on first start; the
 * first upcoming sessions have a submitted case from one center and a draft from the other, the rest none
 * (so the due-date nudges and the coordinator's list have something to show). Added once: only while no
 * case exists. The words are indexed with the same analysis as the API's.
 */
public final class DemoCases {

  private static final Logger log = LoggerFactory.getLogger(DemoCases.class);

  /** Themes of real practice: a title and what was done, in the template's default sections. */
  private static final String[][] THEMES = {
      {"地域ぐるみの防災訓練", "disaster", "震災の経験から、公民館を拠点に子どもから高齢者までが参加する防災訓練を毎年続けています。",
          "東日本大震災の後、避難所となった公民館で住民どうしの顔が見えていないことが課題になりました。",
          "町内会・子ども会・高校生ボランティアと一緒に、夜間の避難所開設訓練と炊き出し訓練を行っています。",
          "参加者に役割カードを配り、誰でも避難所運営の一員になれるようにしました。",
          "若い世代の参加が伸び悩んでいます。平日の昼に働く人をどう巻き込むかが悩みです。"},
      {"やさしい日本語でつなぐ多文化共生の料理教室", "multicultural", "外国人住民と地域の人が一緒に料理をつくり、やさしい日本語で交流する教室です。",
          "市内で働く外国人住民が増える一方、公民館の講座に参加する人はほとんどいませんでした。",
          "月に一度、出身国の家庭料理と郷土料理を一緒につくる教室を開き、レシピはやさしい日本語で書いています。",
          "国際交流協会と日本語教室の受講生に声をかけ、最初の参加者に次の回の先生をお願いしました。",
          "参加者が固定しがちで、新しく来た人にどう情報を届けるかが課題です。"},
      {"高校生が運営する放課後子ども教室", "childcare", "地元の高校生がボランティアとして小学生の学習と遊びを支える放課後教室です。",
          "共働き家庭が増え、放課後の居場所を求める声が公民館に寄せられていました。",
          "高校のボランティア部と協定を結び、週二回、宿題の見守りと昔遊びの時間をつくっています。",
          "高校生に企画の一部を任せ、活動を進路の面接で話せる経験にしました。",
          "卒業で担い手が毎年入れ替わるため、引き継ぎの仕組みが課題です。"},
      {"オンラインでつながる高齢者サロン", "elderly", "外出が難しい高齢者が自宅からZoomで参加できるサロンを開いています。",
          "コロナ禍でサロン活動が止まり、閉じこもりがちになる高齢者が増えました。",
          "地域包括支援センターと組み、タブレットの貸し出しと使い方講座を行ってからオンラインサロンを始めました。",
          "民生委員が最初の接続を手伝い、公民館の会場とオンラインを同時につなぐ形にしました。",
          "通信環境のない家庭への支援と、機器のトラブル対応が悩みです。"},
  };

  private DemoCases() {
  }

  public static Future<Void> seed(Vertx vertx, Pool pool) {
    return pool.query("SELECT count(*) AS n FROM case_study").execute().compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.succeededFuture();
      }
      return pool.query("""
              SELECT s.id, s.status, s.starts_at, c.id AS center_id, c.name, c.city,
                     (SELECT p.id FROM person p WHERE p.center_id = c.id ORDER BY p.id LIMIT 1) AS presenter,
                     row_number() OVER (PARTITION BY s.status ORDER BY s.starts_at, s.id, c.id) AS n
                FROM session s JOIN pair_member m ON m.pair_id = s.pair_id JOIN center c ON c.id = m.center_id
               WHERE s.status IN ('held', 'scheduled') ORDER BY s.starts_at, s.id, c.id""")
          .execute()
          .compose(found -> {
            List<Row> picked = new ArrayList<>();
            for (Row r : found) {
              if ("held".equals(r.getString("status")) || r.getLong("n") <= 8) {
                picked.add(r);
              }
            }
            return vertx.executeBlocking(() -> rows(picked), false);
          })
          // Through the owner's store (README, "Each table is written by its owner only"), as a center would.
          .compose(cases -> pool.withTransaction(tx -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (DemoCase c : cases) {
              chain = chain.compose(n -> CaseStore.insert(tx, c.sessionId(), c.centerId(), c.fields(), c.words(), c.by())
                  .compose(id -> id == null ? Future.succeededFuture(n)
                      : (c.submitted() ? CaseStore.submit(tx, id).mapEmpty() : Future.succeededFuture())
                          .compose(v -> c.shared() ? CaseStore.share(tx, id, true) : Future.<Void>succeededFuture())
                          .map(n + 1)));
            }
            return chain;
          }))
          .onSuccess(n -> {
            if (n > 0) {
              log.info("demo data: {} case studies", n);
            }
          })
          .mapEmpty();
    });
  }

  /** One demo case, as its center's first staff member would write it. */
  private record DemoCase(long sessionId, long centerId, CaseStore.Fields fields, List<String> words, long by,
                          boolean submitted, boolean shared) {
  }

  private static List<DemoCase> rows(List<Row> picked) {
    List<DemoCase> out = new ArrayList<>();
    int i = 0;
    for (Row r : picked) {
      String[] theme = THEMES[(int) ((r.getLong("center_id") + i) % THEMES.length)];
      boolean held = "held".equals(r.getString("status"));
      // Upcoming: the first center of each pair has submitted, the second still drafts.
      boolean submitted = held || r.getLong("n") % 2 == 1;
      String title = r.getString("city") + "の" + theme[0];
      JsonObject sections = new JsonObject().put("background", theme[3]).put("approach", theme[4])
          .put("ingenuity", theme[5]).put("challenges", theme[6])
          .put("questions", "皆さんのセンターでは、同じような課題にどう取り組んでいますか。");
      List<String> words = CaseText.entries(title + "\n" + theme[2] + "\n" + String.join("\n", theme[3], theme[4], theme[5], theme[6]));
      Long presenter = r.getLong("presenter");
      i++;
      if (presenter == null) {
        continue; // a center without staff writes no case
      }
      out.add(new DemoCase(r.getLong("id"), r.getLong("center_id"),
          new CaseStore.Fields(title, theme[2], sections, List.of(presenter), 15, List.of(theme[1])), words, presenter, submitted, held));
    }
    return out;
  }
}
