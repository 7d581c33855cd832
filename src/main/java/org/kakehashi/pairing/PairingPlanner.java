package org.kakehashi.pairing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the centers of a round across cities. Pure: input records in, result records out, no I/O.
 *
 * <p>Each center keeps its best {@code k} candidate partners (allowed pairs only: never the same
 * city, never a forbidden pair); on that candidate graph the pairing with the highest total
 * {@link PairScore} is found exactly, as a maximum-weight perfect matching (Kolmogorov's Blossom V,
 * JGraphT). With an odd number of centers one center is left out of the matching and joins the pair
 * where it adds the most, making a trio: for small rounds every choice of that center is tried, for
 * large ones a dummy vertex lets the matching choose. Locked pairs are kept as they are.
 *
 * <p>The parts, each a layer on the one before: {@link CandidateGraph} (who may pair with whom, at
 * what score, each center's best {@code k}), {@link Matching} (the exact and the greedy matching on
 * that graph) and {@link Trios} (where an odd round's center out goes, and placing anyone a matching
 * left out). The exact solve runs under the caller's work budget ({@link PairingInput#workBudget},
 * counted in graph size, see {@link WorkBudget}); past it the greedy pairing is used and the result
 * says so. Deterministic: the same input gives the same result on any machine and under any load;
 * ties are broken by a fixed hash of the two ids, never by chance or by the clock.
 */
public final class PairingPlanner {


  /** A pair or trio of the result. */
  public record Group(List<Long> centerIds, int score, List<PairScore.Reason> reasons, boolean locked) {
  }

  /**
   * The pairing: the groups, their total score, how it was found ({@code exact} or {@code greedy}),
   * a note for the coordinator when something is worth knowing, and the size of the candidate graph.
   */
  public record Result(List<Group> groups, long total, String method, String note, int candidateEdges) {
  }

  /** No pairing satisfies the hard rules; {@code reason} is a stable code, the message says why. */
  public static final class NoPairingException extends RuntimeException {
    private final String reason;

    public NoPairingException(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private PairingPlanner() {
  }

  /** The best pairing on the candidate graph (or the greedy one when the time limit is hit). */
  public static Result plan(PairingInput in) {
    return run(in, false);
  }

  /** The greedy pairing: best allowed edges first. The baseline the exact pairing never falls below. */
  public static Result greedy(PairingInput in) {
    return run(in, true);
  }

  private static Result run(PairingInput in, boolean greedyOnly) {
    Trios p = problem(in, new WorkBudget(in.workBudget()));
    int n = p.free.length;
    if (in.centers().size() < 2) {
      throw new NoPairingException("too_few_centers", "A round needs at least two centers to pair.");
    }
    List<int[]> matched = new ArrayList<>();
    String method = "exact";
    String note = null;
    int edges = 0;
    long[] candidates = new long[0];
    if (n >= 2) {
      candidates = p.candidates(in.candidates());
      edges = candidates.length;
      if (edges == 0) {
        throw p.noEdges();
      }
      if (greedyOnly) {
        method = "greedy";
        matched = p.greedyMatching(candidates);
      } else {
        try {
          matched = p.exactMatching(candidates);
        } catch (WorkBudget.Exceeded e) {
          method = "greedy";
          note = "The exact solver would need more than its work budget (" + in.workBudget()
              + " units of graph size); the greedy pairing is shown instead.";
          matched = p.greedyMatching(candidates);
        }
      }
    }
    List<int[]> groups = p.completeGroups(matched);
    if (!greedyOnly && "exact".equals(method) && n >= 2 && trios(groups) > 0) {
      // The pairs are exact, but where the odd center joins (and any forced trio) is a heuristic on
      // large rounds; the greedy pairing is cheap, so keep it when it does better with no more trios.
      List<int[]> greedy;
      try {
        greedy = p.completeGroups(p.greedyMatching(candidates));
      } catch (NoPairingException e) {
        greedy = null;
      }
      if (greedy != null && trios(greedy) <= trios(groups) && p.total(greedy) > p.total(groups)) {
        groups = greedy;
        method = "greedy";
        note = "The greedy pairing scored higher than the matching once the odd center joined a trio, so it is shown.";
      }
    }
    if (trios(groups) > (n % 2 == 1 ? 1 : 0)) {
      note = (note == null ? "" : note + " ") + "Some centers could only be placed in trios because of the rules.";
    }
    return result(p, groups, method, note, edges);
  }

  /**
   * Scores a group chosen by hand (a swap or a move on the pairing board) and checks the hard rules
   * for it: two or three centers of the input, no two of one city, no forbidden pair.
   */
  public static Group describe(PairingInput in, List<Long> ids, boolean locked) {
    Map<Long, PairingInput.Center> byId = new HashMap<>();
    in.centers().forEach(c -> byId.put(c.id(), c));
    return describe(in, byId, ids, locked);
  }

  private static Group describe(PairingInput in, Map<Long, PairingInput.Center> byId, List<Long> ids, boolean locked) {
    if (ids.size() < 2 || ids.size() > 3) {
      throw new NoPairingException("group_size", "A pair has two centers, or three in a trio.");
    }
    List<PairingInput.Center> members = new ArrayList<>();
    for (Long id : ids) {
      PairingInput.Center c = byId.get(id);
      if (c == null) {
        throw new NoPairingException("not_in_round", "Center " + id + " does not take part in this round.");
      }
      members.add(c);
    }
    for (int i = 0; i < members.size(); i++) {
      for (int j = i + 1; j < members.size(); j++) {
        PairingInput.Center a = members.get(i);
        PairingInput.Center b = members.get(j);
        if (a.cityId() == b.cityId()) {
          throw new NoPairingException("same_city", "Two centers of the same city (" + a.city() + ") cannot be paired.");
        }
        if (in.forbidden().contains(PairingInput.key(a.id(), b.id()))) {
          throw new NoPairingException("forbidden", "This pair is forbidden; allow it first.");
        }
      }
    }
    int score = 0;
    Map<String, PairScore.Reason> reasons = new java.util.LinkedHashMap<>();
    List<PairingInput.Center> sorted = members.stream().sorted(Comparator.comparingLong(PairingInput.Center::id)).toList();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        PairingInput.Center a = sorted.get(i);
        PairingInput.Center b = sorted.get(j);
        int earlier = in.history().getOrDefault(PairingInput.key(a.id(), b.id()), 0);
        score += PairScore.score(a, b, earlier);
        for (PairScore.Reason r : PairScore.reasons(a, b, earlier)) {
          reasons.merge(r.code(), r, (x, y) -> new PairScore.Reason(x.code(), x.points() + y.points(),
              x.text().equals(y.text()) ? x.text() : x.text() + " / " + y.text()));
        }
      }
    }
    return new Group(sorted.stream().map(PairingInput.Center::id).toList(), score, List.copyOf(reasons.values()), locked);
  }

  /** A candidate edge with its weight, for inspection and benchmarks: {@code [centerA, centerB, score]}. */
  public record Edge(long a, long b, int weight) {
  }

  /** The candidate graph the exact matching runs on (locked centers excluded, widened where needed to be matchable). */
  public static List<Edge> candidateEdges(PairingInput in) {
    Trios p = problem(in, WorkBudget.unlimited());
    List<Edge> edges = new ArrayList<>();
    for (long e : p.matchable(p.candidates(in.candidates()))) {
      int a = CandidateGraph.from(e);
      int b = CandidateGraph.to(e);
      edges.add(new Edge(p.free[a].id(), p.free[b].id(), p.score(a, b)));
    }
    return edges;
  }

  private static long trios(List<int[]> groups) {
    return groups.stream().filter(g -> g.length == 3).count();
  }

  /** The round in index form, its locked groups checked against the hard rules. */
  static Trios problem(PairingInput in, WorkBudget budget) {
    Map<Long, PairingInput.Center> byId = new HashMap<>();
    for (PairingInput.Center c : in.centers()) {
      byId.put(c.id(), c);
    }
    Set<Long> lockedIds = new HashSet<>();
    List<List<Long>> locked = new ArrayList<>();
    for (List<Long> group : in.locked()) {
      if (group.size() < 2 || group.size() > 3) {
        throw new NoPairingException("locked_invalid", "A locked group must have two or three centers.");
      }
      for (Long id : group) {
        if (!byId.containsKey(id)) {
          throw new NoPairingException("locked_invalid", "A locked pair names center " + id + ", which is not in the round.");
        }
        if (!lockedIds.add(id)) {
          throw new NoPairingException("locked_invalid", "Center " + id + " is in two locked pairs.");
        }
      }
      List<Long> sorted = group.stream().sorted().toList();
      locked.add(sorted);
    }
    PairingInput.Center[] free = in.centers().stream().filter(c -> !lockedIds.contains(c.id()))
        .sorted(Comparator.comparingLong(PairingInput.Center::id)).toArray(PairingInput.Center[]::new);
    Trios p = new Trios(in, free, locked, budget);
    for (List<Long> g : locked) {
      for (int i = 0; i < g.size(); i++) {
        for (int j = i + 1; j < g.size(); j++) {
          PairingInput.Center a = byId.get(g.get(i));
          PairingInput.Center b = byId.get(g.get(j));
          if (a.cityId() == b.cityId()) {
            throw new NoPairingException("locked_invalid", "A locked pair has two centers of the same city (" + a.city() + ").");
          }
          if (p.forbidden.contains(PairingInput.key(a.id(), b.id()))) {
            throw new NoPairingException("locked_invalid", "A locked pair is also forbidden.");
          }
        }
      }
    }
    return p;
  }

  private static Result result(CandidateGraph p, List<int[]> groups, String method, String note, int edges) {
    PairingInput in = p.in;
    Map<Long, PairingInput.Center> byId = new HashMap<>();
    for (PairingInput.Center c : in.centers()) {
      byId.put(c.id(), c);
    }
    List<Group> out = new ArrayList<>();
    for (List<Long> g : p.locked) {
      out.add(group(in, byId, g.stream().map(byId::get).toList(), true));
    }
    for (int[] g : groups) {
      out.add(group(in, byId, Arrays.stream(g).mapToObj(i -> p.free[i]).toList(), false));
    }
    out.sort(Comparator.comparingLong(gr -> gr.centerIds().get(0)));
    long total = out.stream().mapToLong(Group::score).sum();
    return new Result(out, total, method, note, edges);
  }

  private static Group group(PairingInput in, Map<Long, PairingInput.Center> byId, List<PairingInput.Center> members, boolean isLocked) {
    return describe(in, byId, members.stream().map(PairingInput.Center::id).toList(), isLocked);
  }
}
