package org.kakehashi.e2e;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UI's own strings (web/i18n/{ja,en}.json, from the class path where the build copies web/),
 * so the tests find buttons and messages by key and survive a change of wording.
 */
final class Strings {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  private static final Map<String, Strings> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

  final String lang;
  private final JsonObject dict;

  private Strings(String lang, JsonObject dict) {
    this.lang = lang;
    this.dict = dict;
  }

  static Strings of(String lang) {
    return LOADED.computeIfAbsent(lang, l -> {
      try (InputStream in = Strings.class.getClassLoader().getResourceAsStream("web/i18n/" + l + ".json")) {
        if (in == null) {
          throw new IllegalStateException("web/i18n/" + l + ".json is not on the class path");
        }
        return new Strings(l, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The string for key with {name} placeholders filled from name/value pairs; fails for an unknown key. */
  String t(String key, Object... params) {
    String text = dict.getString(key);
    if (text == null) {
      throw new IllegalArgumentException("no string " + key + " in " + lang + ".json");
    }
    if (params.length == 0) {
      return text;
    }
    Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      values.put(String.valueOf(params[i]), String.valueOf(params[i + 1]));
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A counted string as i18n.js tn() picks it (Japanese has only "other"; English "one" for 1). */
  String tn(String key, int count, Object... params) {
    String form = "en".equals(lang) && count == 1 && dict.containsKey(key + ".one") ? ".one" : ".other";
    Object[] all = java.util.Arrays.copyOf(params, params.length + 2);
    all[params.length] = "count";
    all[params.length + 1] = count;
    return t(key + form, all);
  }

  /** Every key of both languages: a key shown as text means a string is missing. */
  static Set<String> allKeys() {
    Set<String> keys = new HashSet<>(of("ja").dict.fieldNames());
    keys.addAll(of("en").dict.fieldNames());
    return keys;
  }
}
