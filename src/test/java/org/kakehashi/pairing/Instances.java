package org.kakehashi.pairing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Seeded random pairing instances: a few cities per region, so same-city conflicts are common. */
final class Instances {

  static final String[][] CITIES = {
      {"名取市", "宮城県", "東北"}, {"仙台市", "宮城県", "東北"}, {"盛岡市", "岩手県", "東北"},
      {"松江市", "島根県", "中国"}, {"出雲市", "島根県", "中国"}, {"広島市", "広島県", "中国"},
      {"那覇市", "沖縄県", "九州・沖縄"}, {"裾野市", "静岡県", "中部"}, {"府中市", "東京都", "関東"},
      {"府中市", "広島県", "中国"}};
  static final String[] TOPICS = {"防災", "子育て", "高齢者", "多文化", "若者", "ICT"};

  private Instances() {
  }

  static PairingInput random(long seed, int n, int k) {
    Random r = new Random(seed);
    int cities = 1 + r.nextInt(CITIES.length);
    List<PairingInput.Raw> raw = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] city = CITIES[r.nextInt(cities)];
      Set<String> topics = new HashSet<>();
      for (int t = r.nextInt(4); t > 0; t--) {
        topics.add(TOPICS[r.nextInt(TOPICS.length)]);
      }
      Set<String> langs = r.nextInt(8) == 0 ? Set.of("en") : r.nextInt(5) == 0 ? Set.of("ja", "en") : Set.of("ja");
      raw.add(new PairingInput.Raw(100 + i * 7L, city[0], city[1], r.nextInt(10) == 0 ? null : city[2], topics, langs));
    }
    Map<Long, Integer> history = new HashMap<>();
    Set<Long> forbidden = new HashSet<>();
    for (int h = r.nextInt(n + 1); h > 0; h--) {
      history.merge(PairingInput.key(raw.get(r.nextInt(n)).id(), raw.get(r.nextInt(n)).id()), 1, Integer::sum);
    }
    for (int f = r.nextInt(n / 2 + 1); f > 0; f--) {
      forbidden.add(PairingInput.key(raw.get(r.nextInt(n)).id(), raw.get(r.nextInt(n)).id()));
    }
    List<List<Long>> locked = new ArrayList<>();
    if (n >= 4 && r.nextInt(3) == 0) {
      PairingInput.Raw a = raw.get(0);
      for (PairingInput.Raw b : raw.subList(1, n)) {
        boolean sameCity = a.city().equals(b.city()) && a.prefecture().equals(b.prefecture());
        if (!sameCity && !forbidden.contains(PairingInput.key(a.id(), b.id()))) {
          locked.add(List.of(a.id(), b.id()));
          break;
        }
      }
    }
    return PairingInput.of(raw, history, forbidden, locked, k, PairingInput.DEFAULT_WORK_BUDGET);
  }
}
