package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudTrailLayoutTest {
  private static final CloudTrailLayout ASKED = new CloudTrailLayout(Set.of("111122223333"), Set.of("us-east-1"),
      LocalDate.parse("2024-08-30"), LocalDate.parse("2024-09-02"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "AWSLogs/, true",
      "logs/, true",
      "trail-prefix/AWSLogs/, true",
      "AWSLogs/111122223333/, true",
      "AWSLogs/999999999999/, false",
      "AWSLogs/o-abc123/, true",
      "AWSLogs/o-abc123/111122223333/, true",
      "AWSLogs/o-abc123/999999999999/, false",
      "AWSLogs/111122223333/CloudTrail/, true",
      "AWSLogs/111122223333/CloudTrail-Digest/, false",
      "AWSLogs/111122223333/CloudTrail-Insight/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/, true",
      "AWSLogs/111122223333/CloudTrail/eu-west-1/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2023/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2025/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/07/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/29/, false",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/30/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/02/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/03/, false",
      "trail-prefix/AWSLogs/o-x/111122223333/CloudTrail/us-east-1/2024/09/01/, true",
      "AWSLogs/111122223333/CloudTrail/us-east-1/latest/, true"})
  void aPrefixIsPrunedOnlyWhenTheLayoutProvesItHoldsNothingAskedFor(String prefix, boolean descend) {
    assertEquals(descend, ASKED.descend(prefix));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"AWSLogs/999999999999/CloudTrail/eu-west-1/2023/01/01/", "AWSLogs/", "x/"})
  void withoutRestrictionsEverythingIsListed(String prefix) {
    assertEquals(true, CloudTrailLayout.ALL.descend(prefix));
  }

  @org.junit.jupiter.api.Test
  void sinceAfterUntilIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CloudTrailLayout(Set.of(),
        Set.of(), LocalDate.parse("2024-09-02"), LocalDate.parse("2024-09-01")));
    assertEquals("--since 2024-09-02 is after --until 2024-09-01", e.getMessage());
  }
}
