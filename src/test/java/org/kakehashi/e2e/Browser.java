package org.kakehashi.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through Debian's chromedriver (nothing is downloaded: both
 * executables are named, so Selenium Manager is never asked), with the helpers every browser test
 * uses: finding fields by their label and buttons by their i18n string, explicit waits, screenshots.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));
  static final Path SHOTS = Path.of("target", "e2e");
  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(360, 800);
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final String base;
  private final String sizeName;
  private final WebDriverWait wait;

  /** A fresh browser (fresh profile directory) for one test class, against the server on {@code port}. */
  Browser(int port, Dimension size, String sizeName) {
    this.base = "http://localhost:" + port;
    this.sizeName = sizeName;
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
          + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
    }
    try {
      Files.createDirectories(SHOTS);
      profile = Files.createTempDirectory("kakehashi-e2e-profile");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-features=Translate,MediaRouter",
        "--password-store=basic", "--lang=ja-JP", "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + size.width + "," + size.height);
    // The people using this work in Japan: the browser's clock is Japan's, as theirs would be.
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("TZ", "Asia/Tokyo"))
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    wait = new WebDriverWait(driver, WAIT);
    if (size.width < 500) {
      // Headless Chromium keeps windows at least 500 px wide: a phone is emulated as DevTools does
      // (the viewport meta tag applies, as on a real phone).
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
          "width", size.width, "height", size.height, "deviceScaleFactor", 2, "mobile", true));
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException ignored) {
        // a temporary directory: the system cleans it up eventually
      }
    }
  }

  // ---- navigation and language ----

  /** The language the page shows now ({@code <html lang>}). */
  String lang() {
    return (String) js("return document.documentElement.lang");
  }

  Strings s() {
    return Strings.of(lang());
  }

  /** A string of the language the page shows now. */
  String t(String key, Object... params) {
    return s().t(key, params);
  }

  /** Opens an address of the app ("/#/rounds", "/invite/…") and waits until its view is drawn. */
  void open(String path) {
    // Through a blank page, so that an address differing only in its #fragment is a fresh load
    // too, and the wait below cannot see the previous view.
    driver.get("about:blank");
    driver.get(base + path);
    ready();
  }

  /** Follows an in-app link by its text (as a person would) and waits for the new view. */
  void follow(String text) {
    WebElement before = view();
    boolean inMenu = Boolean.TRUE.equals(js("""
        const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
        return [...document.querySelectorAll('#site-menu a')].some((a) => norm(a.textContent) === arguments[0])
          && ![...document.querySelectorAll('a[href]')].some((a) => a.getClientRects().length && norm(a.textContent) === arguments[0]);""", text));
    if (inMenu) {
      openMenu();
    }
    click(link(text));
    replaced(before);
  }

  /** Opens the header's menu when it is folded (a narrow window or large text). */
  void openMenu() {
    List<WebElement> toggle = driver.findElements(By.id("menu-toggle"));
    if (!toggle.isEmpty() && toggle.get(0).isDisplayed() && !"true".equals(toggle.get(0).getDomAttribute("aria-expanded"))) {
      click(toggle.get(0));
    }
  }

  /** The element the current view is drawn in (replaced by every navigation). */
  WebElement view() {
    return css("#main > .view");
  }

  /** Waits until {@code before} (a view) has been replaced by a new one, and the new one is drawn. */
  void replaced(WebElement before) {
    until("the next view", org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before));
    ready();
  }

  /**
   * Waits until the current view is drawn: the document is loaded, the view has its heading, and
   * nothing in the main area still says "loading".
   */
  void ready() {
    until("the page to be drawn", d -> Boolean.TRUE.equals(js("""
        if (document.readyState !== 'complete') return false;
        const main = document.getElementById('main');
        if (!main || !main.querySelector('h1')) return false;
        return !main.querySelector('.loading, [aria-busy="true"]');""")));
  }

  /** Switches the language with the header's button (named in the language it switches to). */
  void switchLanguage(String to) {
    if (to.equals(lang())) {
      return;
    }
    WebElement button = driver.findElement(By.id("lang-switch"));
    String expected = Strings.of(lang()).t("lang.switchTo." + to);
    if (!expected.equals(button.getText().trim())) {
      throw new AssertionError("the language button says " + button.getText() + ", not " + expected);
    }
    click(button);
    until("the page in " + to, d -> to.equals(lang()));
    ready();
  }

  /** Signs in on the sign-in page of the app's own address and waits for the home page it lands on. */
  void signIn(String email, String password) {
    open("/");
    until("the sign-in form", d -> !driver.findElements(By.cssSelector("main form input[type=password]")).isEmpty());
    WebElement before = view();
    type(field(t("field.email")), email);
    type(field(t("field.password")), password);
    click(button(t("signin.submit")));
    until("signed in as " + email, d -> !driver.findElements(By.cssSelector("header .me-link")).isEmpty());
    replaced(before);
    until("the home page", d -> t("home.title").equals(css("main h1").getText().trim()));
  }

  void signOut() {
    openMenu();
    click(button(t("nav.signOut")));
    until("signed out", d -> driver.findElements(By.cssSelector("header .me-link")).isEmpty()
        && !driver.findElements(By.cssSelector("main input[type=password]")).isEmpty());
  }

  // ---- finding things ----

  /** The form control whose {@code <label for>} says {@code label} (its label text, without the "required" badge). */
  WebElement field(String label) {
    return field(null, label);
  }

  /** As {@link #field(String)}, inside {@code scope}. */
  WebElement field(WebElement scope, String label) {
    return until("a field labelled " + label, d -> (WebElement) js("""
        const scope = arguments[0] || document;
        for (const l of scope.querySelectorAll('label[for]')) {
          const part = l.querySelector('.label-text');
          const text = (part ? part.textContent : l.textContent).replace(/\\s+/g, ' ').trim();
          if (text !== arguments[1]) continue;
          const control = document.getElementById(l.htmlFor);
          if (control && control.getClientRects().length) return control;
        }
        return null;""", scope, label));
  }

  /** A visible button (or a link styled as one) whose text or accessible name is {@code text}. */
  WebElement button(String text) {
    return button(null, text);
  }

  WebElement button(WebElement scope, String text) {
    return until("a button " + text, d -> (WebElement) js("""
        const scope = arguments[0] || document;
        const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
        for (const b of scope.querySelectorAll('button, a.btn, input[type=submit]')) {
          if (!b.getClientRects().length || b.disabled) continue;
          if (norm(b.textContent) === arguments[1] || norm(b.getAttribute('aria-label')) === arguments[1]) return b;
        }
        return null;""", scope, text));
  }

  /** A visible link whose text is {@code text}. */
  WebElement link(String text) {
    return until("a link " + text, d -> (WebElement) js("""
        for (const a of document.querySelectorAll('a[href]')) {
          if (a.getClientRects().length && a.textContent.replace(/\\s+/g, ' ').trim() === arguments[0]) return a;
        }
        return null;""", text));
  }

  /** The first visible element matching css whose text contains {@code text}. */
  WebElement withText(String css, String text) {
    return until(css + " saying " + text, d -> (WebElement) js("""
        for (const e of document.querySelectorAll(arguments[0])) {
          if (e.getClientRects().length && e.textContent.replace(/\\s+/g, ' ').includes(arguments[1])) return e;
        }
        return null;""", css, text));
  }

  /** The open modal dialog (confirmations). */
  WebElement dialog() {
    return until("a dialog", d -> (WebElement) js("return document.querySelector('dialog[open]')"));
  }

  WebElement css(String selector) {
    return until(selector, d -> {
      List<WebElement> found = driver.findElements(By.cssSelector(selector));
      return found.isEmpty() ? null : found.get(0);
    });
  }

  List<WebElement> all(String selector) {
    return driver.findElements(By.cssSelector(selector));
  }

  // ---- acting ----

  void click(WebElement element) {
    // Centred first: a sticky header must not be the thing that receives the click.
    js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
    until("clickable", d -> {
      try {
        element.click();
        return true;
      } catch (org.openqa.selenium.ElementNotInteractableException e) {
        return false;
      }
    });
  }

  void scrollTo(WebElement element) {
    js("arguments[0].scrollIntoView({block: 'start'})", element);
  }

  void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /**
   * Sets a date or time input. Typing into Chromium's date control depends on the browser locale's
   * date order, so the value is set as the control itself would set it, with the same events.
   */
  void setValue(WebElement input, String value) {
    js("""
        const el = arguments[0];
        el.value = arguments[1];
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));""", input, value);
    if (!value.equals(input.getDomProperty("value"))) {
      throw new AssertionError("the control did not take " + value);
    }
  }

  void setDate(WebElement input, LocalDate day) {
    setValue(input, day.toString());
  }

  /** Chooses an option of a select by its visible text. */
  void choose(WebElement select, String optionText) {
    new org.openqa.selenium.support.ui.Select(select).selectByVisibleText(optionText);
  }

  void upload(WebElement fileInput, Path file) {
    fileInput.sendKeys(file.toAbsolutePath().toString());
  }

  // ---- checks ----

  /** Waits for a condition; on time-out, says what was awaited and where the browser was. */
  <T> T until(String what, ExpectedCondition<T> condition) {
    try {
      return wait.ignoring(StaleElementReferenceException.class).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
          + "; the page says: " + mainText(), e);
    }
  }

  String mainText() {
    try {
      Object text = js("const m = document.getElementById('main'); return m ? m.innerText : document.body.innerText");
      String s = String.valueOf(text).replaceAll("\\s+", " ");
      return s.length() > 1500 ? s.substring(0, 1500) + "…" : s;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object jsAsync(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** Saves a PNG of the viewport as target/e2e/{name}-{lang}-{size}.png and returns its path. */
  Path screenshot(String name) {
    Path file = SHOTS.resolve(name + "-" + lang() + "-" + sizeName + ".png");
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /** Saves a PNG of the whole page (Chromium's full-size capture through DevTools). */
  Path fullScreenshot(String name) {
    Path file = SHOTS.resolve(name + "-" + lang() + "-" + sizeName + ".png");
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) content.get("width")).doubleValue();
    double height = Math.min(((Number) content.get("height")).doubleValue(), 16000);
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
        "format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }
}
