package org.kakehashi.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The region (eight-region division) of each Japanese prefecture, from the shared municipality
 * list, so a center imported without a region still gets one (the pairing encourages
 * cross-regional pairs). Unknown prefectures (a center abroad) have none.
 */
public final class Regions {

  private static final Map<String, String> BY_PREFECTURE = load();

  private Regions() {
  }

  /** The Japanese region name for a prefecture given in Japanese or English, or null. */
  public static String of(String prefecture) {
    return prefecture == null ? null : BY_PREFECTURE.get(prefecture.strip().toLowerCase(java.util.Locale.ROOT));
  }

  private static Map<String, String> load() {
    Map<String, String> map = new HashMap<>();
    try (InputStream in = Regions.class.getClassLoader().getResourceAsStream("demo/municipalities.csv");
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] c = line.split(",");
        if (c.length >= 6) {
          map.put(c[0].toLowerCase(java.util.Locale.ROOT), c[4]);
          map.put(c[1].toLowerCase(java.util.Locale.ROOT), c[4]);
          // "宮城" as well as "宮城県"
          map.putIfAbsent(c[0].replaceAll("[都道府県]$", ""), c[4]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(map);
  }
}
