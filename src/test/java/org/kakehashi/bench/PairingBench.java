package org.kakehashi.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.pairing.PairingInput;
import org.kakehashi.pairing.PairingPlanner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Pairing benchmark (profile {@code bench}): synthetic but realistic national rounds of 200, 2,000
 * and 14,000 centers over the real prefectures, exact pairing at k = 10 and k = 50 against greedy.
 */
@Tag("bench")
class PairingBench {

  static final String[] TOPICS = {"子育て支援", "防災・減災", "高齢者の居場所づくり", "多文化共生", "若者の地域参加",
      "生涯学習", "まちづくり", "ふりかえりと気づき", "目指したい職員像", "ICT活用", "健康づくり", "地域の歴史と文化"};

  /** A round of {@code n} centers: ~36 municipalities per prefecture, skewed topic interest, some earlier pairs. */
  static List<PairingInput.Raw> centers(int n, long seed) throws Exception {
    List<String[]> prefectures = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PairingBench.class.getClassLoader().getResourceAsStream("demo/municipalities.csv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] c = line.split(",");
        if (seen.add(c[0])) {
          prefectures.add(c);
        }
      }
    }
    Random random = new Random(seed);
    List<PairingInput.Raw> raw = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] pref = prefectures.get(random.nextInt(prefectures.size()));
      int municipality = (int) Math.abs(random.nextGaussian() * 12) % 36;
      Set<String> topics = new HashSet<>();
      for (int t = 1 + random.nextInt(4); t > 0; t--) {
        topics.add(TOPICS[(int) Math.min(TOPICS.length - 1, Math.abs(random.nextGaussian() * 4))]);
      }
      int l = random.nextInt(100);
      Set<String> langs = l < 95 ? Set.of("ja") : l < 98 ? Set.of("ja", "en") : Set.of("pt");
      raw.add(new PairingInput.Raw(i + 1, pref[2] + "第" + municipality + "地区", pref[0], pref[4], topics, langs));
    }
    return raw;
  }

  static Map<Long, Integer> history(int n, long seed) {
    Random random = new Random(seed * 31);
    Map<Long, Integer> history = new HashMap<>();
    for (int i = 0; i < n; i++) {
      history.merge(PairingInput.key(1 + random.nextInt(n), 1 + random.nextInt(n)), 1, Integer::sum);
    }
    return history;
  }

  static int[] sizes() {
    String only = System.getProperty("bench.sizes");
    return only == null ? new int[] {200, 2_000, 14_000}
        : java.util.Arrays.stream(only.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  static int[] ks() {
    String only = System.getProperty("bench.ks");
    return only == null ? new int[] {50, 20, 12, 10}
        : java.util.Arrays.stream(only.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void pairing() throws Exception {
    BenchReport report = new BenchReport("pairing", "centers", "k", "candidateEdges", "candidatesMs", "exactMs", "exactTotal", "method",
        "greedyMs", "greedyTotal", "lossVsK50Pct");
    Guarantees guarantees = new Guarantees("pairing");
    for (int n : sizes()) {
      List<PairingInput.Raw> raw = centers(n, n);
      Map<Long, Integer> history = history(n, n);
      Map<Integer, PairingPlanner.Result> byK = new LinkedHashMap<>();
      for (int k : ks()) {
        PairingInput in = PairingInput.of(raw, history, Set.of(), List.of(), k, PairingInput.DEFAULT_WORK_BUDGET);
        PairingPlanner.plan(in); // warm-up (JIT)
        long t0 = System.nanoTime();
        int candidateCount = PairingPlanner.candidateEdges(in).size();
        long candidatesMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        PairingPlanner.Result exact = PairingPlanner.plan(in);
        long exactMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        PairingPlanner.Result greedy = PairingPlanner.greedy(in);
        long greedyMs = (System.nanoTime() - t0) / 1_000_000;
        byK.put(k, exact);
        check(guarantees, n, k, exact, greedy);
        PairingPlanner.Result k50 = byK.get(50);
        double loss = k50 == null ? 0 : 100.0 * (k50.total() - exact.total()) / Math.abs(k50.total());
        report.row(n, k, candidateCount, candidatesMs, exactMs, exact.total(), exact.method(), greedyMs, greedy.total(),
            String.format("%.3f", loss));
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("centers", raw);
        dump.put("history", history.entrySet().stream()
            .map(e -> List.of(e.getKey() >>> 32, e.getKey() & 0xffffffffL, e.getValue())).toList());
        dump.put("candidateEdges", PairingPlanner.candidateEdges(in).stream()
            .map(e -> List.of(e.a(), e.b(), e.weight())).toList());
        dump.put("pairs", exact.groups().stream().map(g -> Map.of("centerIds", g.centerIds(), "score", g.score())).toList());
        dump.put("total", exact.total());
        BenchReport.write("pairing-" + n + "-k" + k + ".json", dump);
      }
    }
    report.finish();
    guarantees.verify();
  }

  /** Every center in exactly one pair or trio, the total the sum of the groups, never below greedy. */
  static void check(Guarantees guarantees, int n, int k, PairingPlanner.Result exact, PairingPlanner.Result greedy) {
    Map<Long, Integer> seen = new HashMap<>();
    long sum = 0;
    boolean sizes = true;
    for (PairingPlanner.Group g : exact.groups()) {
      sizes &= g.centerIds().size() == 2 || g.centerIds().size() == 3;
      g.centerIds().forEach(id -> seen.merge(id, 1, Integer::sum));
      sum += g.score();
    }
    boolean once = seen.size() == n && seen.values().stream().allMatch(c -> c == 1);
    guarantees.hold(once && sizes, "%d centers, k=%d: every center in exactly one group of 2 or 3 (%d placed)", n, k, seen.size());
    guarantees.hold(sum == exact.total(), "%d centers, k=%d: total %d is the sum of the groups (%d)", n, k, exact.total(), sum);
    guarantees.hold(exact.total() >= greedy.total(), "%d centers, k=%d: exact total %d is not below greedy %d", n, k,
        exact.total(), greedy.total());
  }
}
