package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test helper: CloudTrail log files as bytes. */
public final class Logs {
  private Logs() {}

  /** {@code {"Records": [...]}} as CloudTrail writes it. */
  public static byte[] cloudTrail(List<? extends JsonNode> records) {
    StringBuilder sb = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < records.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(records.get(i));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
