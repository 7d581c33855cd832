package org.kakehashi.e2e;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.function.Supplier;

/**
 * For ordered steps that build on each other: once a step fails, the later ones are skipped (they
 * would only fail again for the same reason), and a screenshot of the failing page is kept.
 */
final class StopAfterFailure implements TestWatcher, ExecutionCondition {

  private final Supplier<Browser> browser;
  private String failed;

  StopAfterFailure(Supplier<Browser> browser) {
    this.browser = browser;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return failed == null || context.getTestMethod().isEmpty()
        ? ConditionEvaluationResult.enabled("no earlier step failed")
        : ConditionEvaluationResult.disabled("an earlier step failed: " + failed);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed = context.getDisplayName();
    Browser b = browser.get();
    if (b != null) {
      try {
        System.err.println("screenshot of the failure: " + b.fullScreenshot("FAILED-" + context.getRequiredTestMethod().getName()));
      } catch (RuntimeException e) {
        System.err.println("no screenshot of the failure: " + e);
      }
    }
  }
}
