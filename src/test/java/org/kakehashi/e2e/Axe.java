package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * axe-core (from the npm registry: the e2e profile of the pom installs it under target/e2e-node)
 * run inside the page. Missing axe is a failure, never a skip: an accessibility test that quietly
 * does not run is worse than none.
 */
final class Axe {

  static final Path SOURCE = Path.of(System.getProperty("e2e.axe", "target/e2e-node/node_modules/axe-core/axe.min.js"));
  private static final Set<String> BLOCKING = Set.of("serious", "critical");
  private static String source;

  /** One violated rule: its id, impact, help text and the CSS targets of the offending nodes. */
  record Violation(String id, String impact, String help, List<String> targets) {
    @Override
    public String toString() {
      return id + " (" + impact + "): " + help + "\n      " + String.join("\n      ", targets);
    }
  }

  private Axe() {
  }

  static synchronized String source() {
    if (source == null) {
      if (!Files.isRegularFile(SOURCE)) {
        throw new AssertionError("axe-core is missing at " + SOURCE.toAbsolutePath() + ": run the tests with -Pe2e (the profile"
            + " installs axe-core with npm), or npm install --prefix target/e2e-node axe-core");
      }
      try {
        source = Files.readString(SOURCE, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return source;
  }

  /** Every violation axe finds on the page as it is now (WCAG 2.x A and AA rules and best practices). */
  static List<Violation> run(Browser browser) {
    if (Boolean.FALSE.equals(browser.js("return typeof window.axe === 'object'"))) {
      browser.js(source());
    }
    Object answer = browser.jsAsync("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then((r) => done(JSON.stringify(r.violations)))
          .catch((e) => done('axe failed: ' + e));""");
    String json = String.valueOf(answer);
    if (!json.startsWith("[")) {
      throw new AssertionError(json);
    }
    List<Violation> list = new ArrayList<>();
    for (Object o : new JsonArray(json)) {
      JsonObject v = (JsonObject) o;
      List<String> targets = new ArrayList<>();
      for (Object n : v.getJsonArray("nodes", new JsonArray())) {
        targets.add(String.valueOf(((JsonObject) n).getValue("target")));
      }
      list.add(new Violation(v.getString("id"), v.getString("impact"), v.getString("help"), targets));
    }
    return list;
  }

  /** The violations that block: impact serious or critical. */
  static List<Violation> blocking(List<Violation> all) {
    return all.stream().filter(v -> BLOCKING.contains(v.impact())).toList();
  }
}
