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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Demo data ({@code --demo}): community centers in the 50 real municipalities of the shared list
 * (every prefectural capital plus Natori, Susono and Kitakyushu; a second center in a few cities),
 * three staff each, facilitators and a coordinator, all with one random password printed once.
 * Runs only on an empty directory; the same every time (fixed seed).
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
    return pool.query("SELECT count(*) AS n FROM center").execute()
        .compose(rows -> {
          if (rows.iterator().next().getLong("n") > 0) {
            log.info("demo data: the directory is not empty, nothing added");
            return Future.succeededFuture();
          }
          String password = Sessions.token().substring(0, 12);
          return Vertx.currentContext().owner().executeBlocking(() -> Passwords.hashNow(password), false)
              .compose(hash -> insert(pool, hash))
              .onSuccess(n -> log.warn("""

                  ================================================================
                   Demo data added: {} centers and their staff.
                   Sign in as any demo person with the password: {}
                     coordinator:  coordinator@{}
                     facilitator:  facilitator1@{}
                     staff:        natori-1.1@{}   (名取市中央公民館)
                  ================================================================
                  """, n, password, DOMAIN, DOMAIN, DOMAIN))
              .mapEmpty();
        });
  }

  private static Future<Integer> insert(Pool pool, String hash) {
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
    people.add(new PersonStore.Imported("coordinator@" + DOMAIN, "事務局 コーディネーター", null,
        List.of("coordinator"), "ja"));
    for (int f = 1; f <= 4; f++) {
      people.add(new PersonStore.Imported("facilitator" + f + "@" + DOMAIN, personName(random), null,
          List.of("facilitator"), f == 4 ? "en" : "ja"));
    }
    return pool.withTransaction(tx -> CenterStore.upsertAll(tx, centers)
        .compose(v -> PersonStore.upsertAll(tx, people))
        .compose(v -> tx.preparedQuery("UPDATE person SET password_hash = $1, password_changed_at = now()"
            + " WHERE email::text LIKE $2").execute(Tuple.of(hash, "%@" + DOMAIN)))
        .map(v -> centers.size()));
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
