package org.kakehashi.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HostileInputTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
  }

  static Stream<Arguments> bodies() {
    byte[] latin1 = "{\"code\":\"x\",\"name\":\"caf\u00e9\",\"city\":\"c\",\"prefecture\":\"p\"}".getBytes(StandardCharsets.ISO_8859_1);
    return Stream.of(
        Arguments.of("truncated JSON", "{\"code\": \"x\", ".getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("not JSON at all", "code=x&name=y".getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("a JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("null", "null".getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("an unknown field", "{\"code\":\"x\",\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\",\"admin\":true}"
            .getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("a number where text belongs", "{\"code\":1,\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\"}"
            .getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("text where a number belongs", "{\"code\":\"x\",\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\",\"latitude\":\"north\"}"
            .getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("invalid UTF-8 (Latin-1 bytes)", latin1, 400),
        Arguments.of("deep nesting", ("{\"topics\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("trailing garbage", "{\"code\":\"x\",\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\"} {}".getBytes(StandardCharsets.UTF_8), 400),
        Arguments.of("a NUL character", "{\"code\":\"x\\u0000\",\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\"}".getBytes(StandardCharsets.UTF_8), 422),
        Arguments.of("SQL in a field and an infinite latitude", "{\"code\":\"x'); DROP TABLE center; --\",\"name\":\"n\",\"city\":\"c\",\"prefecture\":\"p\",\"latitude\":1e999}"
            .getBytes(StandardCharsets.UTF_8), 422),
        Arguments.of("an over-long name", ("{\"code\":\"x\",\"name\":\"" + "名".repeat(201) + "\",\"city\":\"c\",\"prefecture\":\"p\"}")
            .getBytes(StandardCharsets.UTF_8), 422),
        Arguments.of("a body over the size limit", ("{\"code\":\"x\",\"name\":\"" + "a".repeat(300_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8), 413));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("bodies")
  @DisplayName("bad bodies get a 4xx with the error JSON, and the database is unchanged")
  void badBody(String what, byte[] body, int expected) {
    long before = server.count("center");
    Api.Res res = coord.send(HttpMethod.POST, "/api/centers", body, "application/json");
    assertThat(res.status()).as(what + ": " + res.text()).isEqualTo(expected);
    assertThat(res.errorCode()).isNotNull();
    assertThat(res.text()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(server.count("center")).isEqualTo(before);
  }

  @Test
  @DisplayName("unknown ids, non-numeric ids and wrong query parameters are 404 or 400, never 500")
  void badIdsAndParams() {
    assertThat(coord.get("/api/centers/999999").status()).isEqualTo(404);
    assertThat(coord.get("/api/centers/abc").status()).isEqualTo(404);
    assertThat(coord.get("/api/centers/-1").status()).isEqualTo(404);
    assertThat(coord.get("/api/centers/99999999999999999999999").status()).isEqualTo(404);
    assertThat(coord.put("/api/centers/999999", new JsonObject().put("code", "x").put("name", "n").put("city", "c")
        .put("prefecture", "p")).status()).isEqualTo(404);
    assertThat(coord.delete("/api/people/999999").status()).isEqualTo(404);
    assertThat(coord.get("/api/centers?limit=-5").status()).isEqualTo(400);
    assertThat(coord.get("/api/centers?limit=abc").status()).isEqualTo(400);
    assertThat(coord.get("/api/people?centerId=x").status()).isEqualTo(400);
    assertThat(coord.get("/api/people?role=king").status()).isEqualTo(400);
    assertThat(coord.get("/api/centers?q=%25%27%3B--").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a JSON body sent to a CSV import is a 415; an empty CSV is a 400; a CSV larger than the limit is a 413")
  void importBodies() {
    assertThat(coord.post("/api/centers/import", new JsonObject().put("a", 1)).status()).isEqualTo(415);
    assertThat(coord.postCsv("/api/centers/import", new byte[0]).status()).isEqualTo(400);
    byte[] huge = new byte[17 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertThat(coord.postCsv("/api/people/import", huge).status()).isEqualTo(413);
  }
}
