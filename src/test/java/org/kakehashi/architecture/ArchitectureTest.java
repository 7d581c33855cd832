package org.kakehashi.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the code (README "How it is built"), checked on the compiled classes: each package
 * uses only packages to its left in {@link #ORDER} (so there can be no cycle), planners and pure
 * rule classes use no Vert.x type, and {@code *Routes} classes run no SQL. A wrong dependency fails
 * with the arrow that is wrong ("wrong arrow rounds → pairing") and where it is.
 */
class ArchitectureTest {

  /**
   * The dependency order, left to right: a package may use only those before it. {@code cases} and
   * {@code credentials} have their places before they exist. {@code signup} and {@code scheduling}
   * share a level in the README; only scheduling calls signup (more seats move the waitlist up).
   */
  static final List<String> ORDER = List.of("platform", "zoom", "directory", "rounds", "pairing", "sessions",
      "signup", "scheduling", "progress", "rooms", "reflections", "cases", "credentials", "demo");

  static final String ROOT = "org.kakehashi";

  /** Classes whose logic is pure: planners, the room assigner and its flow, rule classes. */
  static final String PURE = ".*\\.(\\w*Planner|Transport|RoomAssigner|MinCostFlow|PairScore|\\w*Access|\\w*Status|\\w*Rules"
      + "|RoomNames|RoomCounts|TopicFlow|RoomDealer|Roster|AvailabilityWeight|BoardEdits)(\\$.*)?";

  private static JavaClasses main;

  @BeforeAll
  static void load() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  @Test
  @DisplayName("every package uses only the packages to its left in the dependency order")
  void dependencyOrder() {
    order(ROOT).check(main);
  }

  @Test
  @DisplayName("no cycle between packages")
  void noCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  @DisplayName("planners and pure rule classes use no Vert.x type")
  void pureClasses() {
    assertThat(main.stream().filter(c -> c.getName().matches(PURE)).count())
        .as("the pure classes are found").isGreaterThanOrEqualTo(8);
    noClasses().that().haveNameMatching(PURE)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
        .because("planners and rules are pure: their callers do the I/O")
        .check(main);
  }

  @Test
  @DisplayName("handlers (*Routes) run no SQL: stores do")
  void routesRunNoSql() {
    noClasses().that().haveSimpleNameEndingWith("Routes")
        .should().dependOnClassesThat(SQL_API)
        .because("a handler passes the pool or its transaction to a store and never builds a query, reads a row or"
            + " inspects a database error (README \"How it is built\")")
        .check(main);
  }

  /** The SQL client's query API; a handler may hold the pool and a transaction ({@code Pool}, {@code SqlClient}) only. */
  static final DescribedPredicate<JavaClass> SQL_API = new DescribedPredicate<>("belong to the SQL client's query API") {
    @Override
    public boolean test(JavaClass c) {
      String p = c.getPackageName();
      return (p.startsWith("io.vertx.sqlclient") || p.startsWith("io.vertx.pgclient"))
          && !Set.of("io.vertx.sqlclient.Pool", "io.vertx.sqlclient.SqlClient").contains(c.getName());
    }
  };

  @Test
  @DisplayName("the order rule names the wrong arrow (checked on two packages that use each other)")
  void orderRuleFailsOnACycle() {
    JavaClasses bad = new ClassFileImporter().importPackages(ROOT + ".architecture.cycle");
    EvaluationResult result = order(ROOT + ".architecture.cycle").evaluate(bad);
    assertThat(result.hasViolation()).isTrue();
    String report = result.getFailureReport().toString();
    assertThat(report).contains("wrong arrow rounds → pairing").doesNotContain("wrong arrow pairing → rounds");
    EvaluationResult cycles = slices().matching(ROOT + ".architecture.cycle.(*)..").should().beFreeOfCycles().evaluate(bad);
    assertThat(cycles.hasViolation()).isTrue();
  }

  /** Each class of a package under {@code root} depends only on packages to its left; {@code root} itself (App) on any. */
  static ArchRule order(String root) {
    String chain = String.join(" ← ", ORDER);
    return classes().that().resideInAPackage(root + "..").should(new ArchCondition<>("use only packages to their left in " + chain) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String from = capability(root, c.getPackageName());
        if (from == null) {
          return;
        }
        int i = ORDER.indexOf(from);
        if (i < 0) {
          events.add(SimpleConditionEvent.violated(c, "package " + from + " (" + c.getName() + ") is not in the dependency order "
              + chain + ": give it its place in ArchitectureTest.ORDER and the README"));
          return;
        }
        Map<String, Dependency> firstPerArrow = new LinkedHashMap<>();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          String targetPackage = d.getTargetClass().getPackageName();
          if (!targetPackage.equals(root) && !targetPackage.startsWith(root + ".")) {
            continue;
          }
          String to = targetPackage.equals(root) ? "(the root: App)" : capability(root, targetPackage);
          if (to.equals(from) || (ORDER.indexOf(to) >= 0 && ORDER.indexOf(to) < i)) {
            continue;
          }
          firstPerArrow.putIfAbsent(to, d);
        }
        firstPerArrow.forEach((to, d) -> events.add(SimpleConditionEvent.violated(d, "wrong arrow " + from + " → " + to
            + " (" + from + " may use only " + (i == 0 ? "nothing" : String.join(", ", ORDER.subList(0, i))) + "): "
            + d.getDescription())));
      }
    });
  }

  /** The first package segment below {@code root}, or null for {@code root} itself. */
  static String capability(String root, String pkg) {
    if (pkg.equals(root)) {
      return null;
    }
    String rest = pkg.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
