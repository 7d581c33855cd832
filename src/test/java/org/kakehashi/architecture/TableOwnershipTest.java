package org.kakehashi.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Each table is written by its owner only" (README, "How it is built"), checked on the source: the README's owner
 * table names one package for every table the migrations leave, and every INSERT, UPDATE, DELETE or TRUNCATE of a
 * table in the Java code sits in its owner's package. Reads through joins are free; writes of another capability's
 * table go through its store.
 */
class TableOwnershipTest {

  static final Path MAIN = Path.of("src/main/java/org/kakehashi");
  static final Pattern WRITE = Pattern.compile("\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+([a-z_]+)\\b");
  static final Pattern CREATED = Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_]+)");
  static final Pattern DROPPED = Pattern.compile("(?i)\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_]+)");

  /** Table → owning package, from the README's table "| Owner | Tables |". */
  static Map<String, String> owners;
  static Set<String> tables;

  @BeforeAll
  static void read() throws IOException {
    owners = ownersFrom(Files.readString(Path.of("README.md")));
    tables = liveTables(Path.of("src/main/resources/db/migration"));
  }

  @Test
  @DisplayName("every table the migrations leave has exactly one owner in the README, and the README names no other")
  void everyTableHasAnOwner() {
    assertThat(owners.keySet()).as("tables in the README's owner table").containsExactlyInAnyOrderElementsOf(tables);
  }

  @Test
  @DisplayName("no table is written outside its owner's package")
  void writesOnlyInTheOwner() throws IOException {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        wrong.addAll(violations(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f), owners, tables));
      }
    }
    assertThat(wrong).as("writes of another capability's table").isEmpty();
  }

  @Test
  @DisplayName("the check names the file, the table and its owner when a capability writes another's table")
  void checkFailsOnAForeignWrite() {
    String demo = """
        class DemoRound { String sql = "UPDATE session SET status = 'held' WHERE id = $1"; // UPDATE per pair
          String other = "INSERT INTO  case_study (title) VALUES ($1)"; String read = "SELECT 1 FROM session FOR UPDATE OF s"; }""";
    assertThat(violations("demo/DemoRound.java", demo, Map.of("session", "sessions", "case_study", "cases"), Set.of("session", "case_study")))
        .containsExactly("demo/DemoRound.java writes session, owned by sessions", "demo/DemoRound.java writes case_study, owned by cases");
    assertThat(violations("sessions/SessionStore.java", demo, Map.of("session", "sessions", "case_study", "sessions"),
        Set.of("session", "case_study"))).isEmpty();
  }

  /** The writes in {@code source} (a file under the root package, its path given) of tables another package owns. */
  static List<String> violations(String file, String source, Map<String, String> owners, Set<String> tables) {
    String pkg = file.contains("/") ? file.substring(0, file.lastIndexOf('/')).replace('/', '.') : "(root)";
    List<String> out = new ArrayList<>();
    Matcher m = WRITE.matcher(source);
    while (m.find()) {
      String table = m.group(1);
      if (!tables.contains(table)) {
        continue; // a word after UPDATE that is no table ("FOR UPDATE OF", a comment's "UPDATE per pair")
      }
      String owner = owners.get(table);
      if (!pkg.equals(owner) && !pkg.startsWith(owner + ".")) {
        out.add(file + " writes " + table + ", owned by " + owner);
      }
    }
    return out;
  }

  /** The README's owner table: the first word of a row's first cell is the package, the backquoted names in its second the tables. */
  static Map<String, String> ownersFrom(String readme) {
    int start = readme.indexOf("| Owner | Tables |");
    assertThat(start).as("the README's owner table").isNotNegative();
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : readme.substring(start).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String owner = cells[1].trim().split("[\\s(]")[0];
      Matcher t = Pattern.compile("`([a-z_]+)`").matcher(cells[2]);
      while (t.find()) {
        String previous = out.put(t.group(1), owner);
        assertThat(previous == null || previous.equals(owner)).as("table %s has two owners in the README: %s and %s",
            t.group(1), previous, owner).isTrue();
      }
    }
    return out;
  }

  /** Tables created and not dropped again by the migrations. */
  static Set<String> liveTables(Path migrations) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(migrations)) {
      // V1__… before V10__…: by version number
      for (Path f : files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b))).toList()) {
        String sql = read(f);
        Matcher c = CREATED.matcher(sql);
        while (c.find()) {
          out.add(c.group(1).toLowerCase());
        }
        Matcher d = DROPPED.matcher(sql);
        while (d.find()) {
          out.remove(d.group(1).toLowerCase());
        }
      }
    }
    return out;
  }

  static int version(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.indexOf("__")));
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
