package org.kakehashi.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON in and out. Request bodies are read strictly into records: unknown fields, wrong types,
 * trailing garbage, invalid UTF-8 and deep nesting are a 400 naming the field, never a 500.
 */
public final class Json {

  /** The mapper for requests and responses: records, ISO-8601 times, no unknown fields. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule()
          .addSerializer(JsonObject.class, new StdSerializer<>(JsonObject.class) {
            @Override
            public void serialize(JsonObject v, JsonGenerator gen, SerializerProvider p) throws IOException {
              p.defaultSerializeValue(v.getMap(), gen);
            }
          })
          .addSerializer(JsonArray.class, new StdSerializer<>(JsonArray.class) {
            @Override
            public void serialize(JsonArray v, JsonGenerator gen, SerializerProvider p) throws IOException {
              p.defaultSerializeValue(v.getList(), gen);
            }
          }))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  static {
    // Text fields take text only: 1 or true where a name belongs is a mistake, not a name.
    MAPPER.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build());
  }

  private Json() {
  }

  /** Reads the request body as {@code type}; a missing, malformed or mistyped body is a 400. */
  public static <T> T body(RoutingContext ctx, Class<T> type) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.badRequest("missing_body", "A JSON body is required.", null);
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && !contentType.toLowerCase().startsWith("application/json")) {
      throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
    }
    return read(body.getBytes(), type);
  }

  /**
   * Parses bytes strictly into {@code type}. Every text in the body (values and keys) is checked first
   * against the one rule for control characters (README, "Security"): anything in Unicode's Cc class but
   * tab, line feed and carriage return, and lone surrogates, is a 422 {@code invalid} naming the field,
   * whatever route reads the body (PostgreSQL would refuse a NUL with a 500).
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      JsonNode tree = MAPPER.readTree(bytes);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw ApiError.badRequest("missing_body", "A JSON body is required.", null);
      }
      refuseControlCharacters(tree, "");
      T value = MAPPER.treeToValue(tree, type);
      if (value == null) {
        throw ApiError.badRequest("missing_body", "A JSON body is required.", null);
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.badRequest("unknown_field", "Unknown field: " + e.getPropertyName(), path(e));
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw ApiError.badRequest("wrong_type",
          field == null ? "The body does not have the expected shape." : "Field " + field + " has the wrong type.", field);
    } catch (JsonMappingException e) {
      throw ApiError.badRequest("malformed_json", "The body does not have the expected shape.", path(e));
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("malformed_json", "The body is not valid JSON (UTF-8).", null);
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", "The body could not be read.", null);
    }
  }

  /** Whether {@code text} holds a control character the one rule refuses (tab, line feed and carriage return pass). */
  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')
          || (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))))
          || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))))) {
        return true;
      }
    }
    return false;
  }

  private static void refuseControlCharacters(JsonNode node, String path) {
    if (node.isTextual()) {
      if (hasControlCharacter(node.textValue())) {
        throw controlCharacter(path);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refuseControlCharacters(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (hasControlCharacter(e.getKey())) {
          throw controlCharacter(path.isEmpty() ? null : path);
        }
        refuseControlCharacters(e.getValue(), field);
      }
    }
  }

  private static ApiError controlCharacter(String field) {
    String f = field == null || field.isEmpty() ? null : field;
    return new ApiError(422, "invalid", (f == null ? "" : f + ": ") + "Must not contain control characters.", f,
        new JsonObject().put("problems", new JsonArray().add(new JsonObject().put("field", f)
            .put("code", "control_chars").put("message", "Must not contain control characters."))));
  }

  /** Serialises a value to JSON bytes. */
  public static Buffer write(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private static String path(JsonMappingException e) {
    if (e.getPath() == null || e.getPath().isEmpty()) {
      return null;
    }
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }
}
