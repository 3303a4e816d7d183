package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.CorrelationCases;
import io.trailwatch.engine.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The correlation through {@code scan}: each case's files on disk, read in path order. */
class CorrelationScanTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CorrelationCases.class)
  void givenACase_whenScanned_expectTheCorrelationExactlyWhenItMustFire(CorrelationCases c) throws IOException {
    for (Map.Entry<String, byte[]> file : c.files().entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(0, cli.status(), cli.err());
    List<JsonNode> correlated = cli.outLines().stream().map(Json::tree)
        .filter(a -> a.get("ruleId").textValue().equals(CorrelationCases.CORRELATION)).toList();
    assertEquals(c.fires ? 1 : 0, correlated.size(), cli.out());
    if (c.fires) {
      JsonNode alert = correlated.get(0);
      assertEquals("MEDIUM", alert.get("severity").textValue());
      assertEquals(c.key(), alert.get("alertContext").get("ip_accessKeyId").textValue());
      assertEquals(c.key(), alert.get("dedup").textValue());
      assertEquals("create-1", alert.get("event").get("creation").get("eventID").textValue());
      assertEquals("arn:aws:iam::123456789012:user/admin", alert.get("event").get("creation").get("actor").textValue());
      assertEquals("victim", alert.get("event").get("creation").get("targetUser").textValue());
      assertEquals("use-1", alert.get("event").get("firstUse").get("eventID").textValue());
      assertEquals("2024-06-02T10:20:00Z", alert.get("event").get("firstUse").get("eventTime").textValue());
      assertEquals("Access key AKIABACKDOORNEWKEY created by arn:aws:iam::123456789012:user/admin for victim was used"
          + " from the same address (203.0.113.10) 20 minutes later", alert.get("title").textValue());
    }
  }
}
