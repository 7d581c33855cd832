package org.kakehashi.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.directory.CenterInput;
import org.kakehashi.directory.CenterStore;
import org.kakehashi.directory.PersonStore;
import org.kakehashi.platform.Passwords;
import org.kakehashi.platform.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Demo data ({@code --demo}): community centers in the 50 real municipalities of the shared list
 * (every prefectural capital plus Natori, Susono and Kitakyushu; a second center in a few cities),
 * three staff each, facilitators and a coordinator, all with one random password printed once; and a
 * training round in progress ({@link DemoRound}): pairs, slots, sessions, sign-ups, one session held with
 * rooms and reflection notes. Runs only on an empty directory; the same every time (fixed seeds, times
 * relative to today).
 */
public final class DemoData {

  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  static final List<String> TOPICS = List.of("子育て支援", "防災・減災", "高齢者の居場所づくり", "多文化共生",
      "若者の地域参加", "生涯学習", "まちづくり", "ふりかえりと気づき", "目指したい職員像", "ICT活用", "健康づくり",
      "地域の歴史と文化");
  private static final String[] SURNAMES = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林",
      "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"};
  private static final String[] GIVEN = {"花子", "太郎", "美咲", "健一", "陽子", "大輔", "由美", "誠", "恵子", "翔",
      "裕子", "直樹", "明美", "浩", "さくら", "拓也"};
  /** Cities that get a second center, so that "never two centers of one city" has something to refuse. */
  private static final Set<String> SECOND_CENTER = Set.of("Sapporo", "Sendai", "Natori", "Matsue", "Naha");
  public static final String DOMAIN = "demo.kakehashi.example";

  private DemoData() {
  }

  /** A municipality of the shared list. */
  record City(String prefectureJa, String prefectureEn, String cityJa, String cityEn, String regionJa,
              double latitude, double longitude) {
  }

  public static Future<Void> seed(Pool pool) {
    return seed(pool, startOver(null));
  }

  /**
   * What a restart with {@code --demo} prints when the directory already has data: the password is
   * not kept (only its hash), so how to sign in and how to start over. {@code dataDir}: the embedded
   * database's directory, or null with an external database.
   */
  public static String startOver(java.nio.file.Path dataDir) {
    String again = dataDir != null
        ? "サーバーを止めて " + dataDir.toAbsolutePath().normalize() + " を削除し、もう一度 --demo で起動してください。\n"
          + "   stop the server, delete " + dataDir.toAbsolutePath().normalize() + " and start again with --demo."
        : "外部データベースを空にして、もう一度 --demo で起動してください。\n"
          + "   empty the external database and start again with --demo.";
    return """

        ================================================================
         名簿が空でないため、デモデータは追加していません / The directory is not empty: no demo data added.
         デモのサインイン: coordinator@%s などと、最初の起動時に表示されたパスワード
         the demo's sign-in: coordinator@%s and others, with the password printed at the first start
         (パスワードは保存していないため、再表示できません / it is not stored, so it cannot be shown again)
         やり直すには / to start over:
           %s
        ================================================================
        """.formatted(DOMAIN, DOMAIN, again);
  }

  public static Future<Void> seed(Pool pool, String whenNotEmpty) {
    return pool.query("SELECT count(*) AS n FROM center").execute()
        .compose(rows -> {
          if (rows.iterator().next().getLong("n") > 0) {
            log.warn(whenNotEmpty);
            return Future.succeededFuture();
          }
          String password = Sessions.token().substring(0, 12);
          Vertx vertx = Vertx.currentContext().owner();
          return vertx.executeBlocking(() -> Passwords.hashNow(password), false)
              .compose(hash -> insert(pool, vertx, hash))
              .onSuccess(seeded -> log.warn(banner(seeded, password)))
              .mapEmpty();
        });
  }

  /** What was added: directory counts and the round. */
  record Seeded(int centers, int staff, DemoRound.Seeded round) {
  }

  private static String banner(Seeded s, String password) {
    DateTimeFormatter day = DateTimeFormatter.ofPattern("M/d HH:mm");
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    String held = s.round().held().startsAt().atZoneSameInstant(tokyo).format(day);
    String next = s.round().upcoming().startsAt().atZoneSameInstant(tokyo).format(day);
    return """

        ================================================================
         デモデータ / Demo data: %d館・職員%d名 / %d centers, %d staff
         「%s」進行中 / in progress: %d pairs, %d sessions
         パスワード（全員共通）/ password (every demo person): %s
           coordinator@%s
             事務局: ラウンド・ペア・日程・申込・ふりかえり全体
             the whole round: pairs, schedule, sign-ups, all reflections
           facilitator1@%s
             %s の回で部屋割り→調整→CSV、%s の回のふりかえり要約
             assign rooms for %s, adjust, CSV; read the summary of %s
           natori-1.1@%s  (名取市中央公民館)
             職員: 学びの履歴、ふりかえりを書く（スマホでも）
             staff: learning history, write a reflection (on a phone too)
        ================================================================
        """.formatted(s.centers(), s.staff(), s.centers(), s.staff(), DemoRound.TITLE, s.round().pairs(),
        s.round().sessions(), password, DOMAIN, DOMAIN, next, held, next, held, DOMAIN);
  }

  private static Future<Seeded> insert(Pool pool, Vertx vertx, String hash) {
    Random random = new Random(42);
    List<CenterInput> centers = new ArrayList<>();
    List<PersonStore.Imported> people = new ArrayList<>();
    for (City c : cities()) {
      int count = SECOND_CENTER.contains(c.cityEn()) ? 2 : 1;
      for (int k = 1; k <= count; k++) {
        String code = c.cityEn().toLowerCase(Locale.ROOT) + "-" + k;
        String name = c.cityJa() + (k == 1 ? "中央公民館" : "北地区市民センター");
        centers.add(new CenterInput(code, name, c.cityJa(), c.prefectureJa(), c.regionJa(), "Asia/Tokyo",
            c.latitude(), c.longitude(), pick(random, 3), List.of("ja"), "info@" + code + "." + DOMAIN,
            List.of(1 + random.nextInt(2))));
        for (int s = 1; s <= 3; s++) {
          people.add(new PersonStore.Imported(code + "." + s + "@" + DOMAIN, personName(random), code,
              List.of("staff"), s == 3 && k == 1 && random.nextInt(4) == 0 ? "en" : "ja"));
        }
      }
    }
    int staff = people.size();
    people.add(new PersonStore.Imported("coordinator@" + DOMAIN, "事務局 コーディネーター", null,
        List.of("coordinator"), "ja"));
    for (int f = 1; f <= 4; f++) {
      people.add(new PersonStore.Imported("facilitator" + f + "@" + DOMAIN, personName(random), null,
          List.of("facilitator"), f == 4 ? "en" : "ja"));
    }
    // One transaction: the directory and the round in progress appear together or not at all.
    return pool.withTransaction(tx -> CenterStore.upsertAll(tx, centers)
        .compose(v -> PersonStore.upsertAll(tx, people))
        .compose(v -> PersonStore.setPasswordOfDomain(tx, DOMAIN, hash))
        .compose(v -> DemoRound.seed(tx, vertx, OffsetDateTime.now()))
        .map(round -> new Seeded(centers.size(), staff, round)));
  }

  private static List<String> pick(Random random, int n) {
    List<String> pool = new ArrayList<>(TOPICS);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }

  private static String personName(Random random) {
    return SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)];
  }

  static List<City> cities() {
    List<City> cities = new ArrayList<>();
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream("demo/municipalities.csv");
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] c = line.split(",");
        cities.add(new City(c[0], c[1], c[2], c[3], c[4], Double.parseDouble(c[6]), Double.parseDouble(c[7])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cities;
  }
}
