package org.kakehashi.pairing;

import org.kakehashi.platform.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's hand edits of a pairing board, as rules on the pairs as they are: swap two
 * centers of different pairs, or move a center out of a trio into a pair (a pair never shrinks to
 * one). Each answers which pairs go and which groups replace them; scoring the new groups and
 * saving them is the caller's. Pure.
 */
public final class BoardEdits {

  /** The pairs taken apart and the groups that replace them. */
  public record Regroup(List<Long> oldPairIds, List<List<Long>> groups) {
  }

  private BoardEdits() {
  }

  /** Centers {@code a} and {@code b} trade places. */
  public static Regroup swap(List<PairingStore.Pair> pairs, long a, long b) {
    Map<Long, PairingStore.Pair> byCenter = byCenter(pairs);
    PairingStore.Pair pa = pairOf(byCenter, a);
    PairingStore.Pair pb = pairOf(byCenter, b);
    if (pa.id() == pb.id()) {
      throw ApiError.invalid("centerIds", "Both centers are already in the same pair.");
    }
    return new Regroup(List.of(pa.id(), pb.id()), List.of(replace(pa, a, b), replace(pb, b, a)));
  }

  /** {@code center} leaves its trio for the pair {@code toPairId}, which becomes a trio. */
  public static Regroup move(List<PairingStore.Pair> pairs, long center, long toPairId) {
    PairingStore.Pair from = pairOf(byCenter(pairs), center);
    PairingStore.Pair target = pairs.stream().filter(p -> p.id() == toPairId).findFirst()
        .orElseThrow(() -> ApiError.notFound("Pair"));
    if (from.id() == target.id()) {
      throw ApiError.invalid("toPairId", "The center is already in this pair.");
    }
    if (from.centerIds().size() < 3 || target.centerIds().size() > 2) {
      throw new ApiError(422, "group_size", "A center can only move out of a trio into a pair (use swap otherwise).",
          "centerId", null);
    }
    List<Long> left = new ArrayList<>(from.centerIds());
    left.remove(center);
    List<Long> joined = new ArrayList<>(target.centerIds());
    joined.add(center);
    return new Regroup(List.of(from.id(), target.id()), List.of(left, joined));
  }

  /** Whether the two centers are in one pair now. */
  public static boolean together(List<PairingStore.Pair> pairs, List<Long> two) {
    return pairs.stream().anyMatch(p -> p.centerIds().containsAll(two));
  }

  /** Forbidding a locked pair is refused: the lock says it must stay. */
  public static boolean lockedTogether(List<PairingStore.Pair> pairs, List<Long> two) {
    return pairs.stream().anyMatch(p -> p.locked() && p.centerIds().containsAll(two));
  }

  private static Map<Long, PairingStore.Pair> byCenter(List<PairingStore.Pair> pairs) {
    Map<Long, PairingStore.Pair> map = new LinkedHashMap<>();
    for (PairingStore.Pair p : pairs) {
      p.centerIds().forEach(c -> map.put(c, p));
    }
    return map;
  }

  private static PairingStore.Pair pairOf(Map<Long, PairingStore.Pair> byCenter, long center) {
    PairingStore.Pair p = byCenter.get(center);
    if (p == null) {
      throw new ApiError(422, "not_paired", "Center " + center + " is not in a pair of this round.", "centerIds", null);
    }
    return p;
  }

  private static List<Long> replace(PairingStore.Pair p, long out, long in) {
    List<Long> ids = new ArrayList<>(p.centerIds());
    ids.set(ids.indexOf(out), in);
    return ids;
  }
}
