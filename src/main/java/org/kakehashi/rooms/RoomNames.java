package org.kakehashi.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How rooms are named: after their topic's label (Japanese first, as the round gives it; the key
 * when the topic has no label) and a number counted per topic, 防災 1, 防災 2 … The label is cut at
 * {@link #MAX_LABEL} characters (never inside a character), and no two rooms of a session share a
 * name, even when two topics have the same label. Pure.
 */
public final class RoomNames {

  /** The longest label kept in a room's name, in characters (code points). */
  public static final int MAX_LABEL = 80;

  private RoomNames() {
  }

  /** One name for each room, in order, given each room's topic key and the topics' labels. */
  public static List<String> of(List<String> roomTopics, Map<String, String> labels) {
    Map<String, Integer> counter = new HashMap<>();
    Set<String> names = new HashSet<>();
    List<String> out = new ArrayList<>(roomTopics.size());
    for (String topic : roomTopics) {
      String label = cut(labels.getOrDefault(topic, topic));
      String name;
      do {
        name = label + " " + counter.merge(topic, 1, Integer::sum);
      } while (!names.add(name));
      out.add(name);
    }
    return out;
  }

  private static String cut(String label) {
    String l = label == null || label.isBlank() ? "?" : label.strip();
    return l.codePointCount(0, l.length()) <= MAX_LABEL ? l : l.substring(0, l.offsetByCodePoints(0, MAX_LABEL));
  }
}
