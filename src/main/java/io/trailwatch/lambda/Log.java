package io.trailwatch.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line with {@code level}, {@code message} and fields.
 * Rule kept: no whole CloudTrail record is ever logged; only object names, counts, ids and reasons.
 */
final class Log {
  private final ObjectMapper mapper;
  private final Consumer<String> sink;
  private final String requestId;

  private Log(ObjectMapper mapper, Consumer<String> sink, String requestId) {
    this.mapper = mapper;
    this.sink = sink;
    this.requestId = requestId;
  }

  static Log to(ObjectMapper mapper, Consumer<String> sink, String requestId) {
    return new Log(mapper, sink, requestId);
  }

  void info(String message, Object... fields) {
    write("INFO", message, fields);
  }

  void warn(String message, Object... fields) {
    write("WARN", message, fields);
  }

  void error(String message, Object... fields) {
    write("ERROR", message, fields);
  }

  /** Writes a line that is already JSON (metrics). */
  void raw(String json) {
    sink.accept(json);
  }

  private void write(String level, String message, Object... fields) {
    ObjectNode line = mapper.createObjectNode();
    line.put("level", level);
    line.put("message", message);
    if (requestId != null) {
      line.put("requestId", requestId);
    }
    for (int i = 0; i + 1 < fields.length; i += 2) {
      Object value = fields[i + 1];
      if (value instanceof Number n) {
        line.put((String) fields[i], n.longValue());
      } else {
        line.put((String) fields[i], String.valueOf(value));
      }
    }
    sink.accept(line.toString());
  }
}
