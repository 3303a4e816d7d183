package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleMetadataTest {
  @Test
  void givenShippedRule_whenRead_expectPanthersSettings() {
    RuleMetadata rule = RuleMetadata.builtIn();
    assertEquals("AWS.CloudTrail.UserAccessKeyAuth", rule.ruleId());
    assertEquals("INFO", rule.severity());
    assertEquals(60, rule.dedupPeriodMinutes());
    assertEquals(1, rule.threshold());
    assertFalse(rule.createAlert());
    assertEquals(4, rule.tests().size());
  }

  @Test
  void givenChangedYaml_whenRead_expectDataDrivesPeriodThresholdSeverity() throws IOException {
    RuleMetadata rule = read("RuleID: X\nSeverity: High\nDedupPeriodMinutes: 15\nThreshold: 5\n");
    assertEquals(new RuleMetadata("X", "HIGH", 15, 5, true, java.util.List.of()), rule);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Severity: Info|r.yml: RuleID is missing",
      "RuleID: X\\nThreshold: 0|r.yml: Threshold must be at least 1, not 0",
      "RuleID: X\\nDedupPeriodMinutes: soon|r.yml: DedupPeriodMinutes must be a whole number",
      "RuleID: X\\nSeverity: Urgent|r.yml: Severity must be one of [INFO, LOW, MEDIUM, HIGH, CRITICAL], not Urgent",
      "RuleID: X\\nTests:\\n  - Name: t\\n    ExpectedResult: maybe\\n    Log: {}|r.yml: Tests[0].ExpectedResult must be true or false",
      "RuleID: X\\nTests:\\n  - Name: t\\n    ExpectedResult: true|r.yml: Tests[0].Log must be a mapping",
      "- just a list|r.yml: a rule file must be a YAML mapping"})
  void givenBadYaml_whenRead_expectErrorNamingFileAndField(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(yaml.replace("\\n", "\n")));
    assertEquals(message, e.getMessage());
  }

  private static RuleMetadata read(String yaml) throws IOException {
    return RuleMetadata.read(new ByteArrayInputStream(Logs.utf8(yaml)), "r.yml");
  }
}
