package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Start-up wiring with the template's empty AWS_ENDPOINT_URL (= unset), as the SDK itself would read it. */
class WiringTest {
  @BeforeEach
  @AfterEach
  void clear() { // the setting is process-wide: other tests' wiring has set it already
    System.clearProperty("aws.endpointUrl");
    System.clearProperty(Wiring.IGNORE_CONFIGURED_ENDPOINTS);
  }

  @Test
  void givenAnEmptyConfiguredEndpoint_whenTheFunctionStarts_expectTheSdkToIgnoreIt() {
    System.setProperty("aws.endpointUrl", ""); // what AWS_ENDPOINT_URL="" is to the SDK
    assertThrows(NullPointerException.class, () -> S3Client.builder().region(Region.US_EAST_1).build(),
        "without the wiring's setting the SDK fails on the empty value");
    Map<String, String> env = Map.of("DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:t",
        "ALLOWED_BUCKETS", "b", "AWS_ENDPOINT_URL", "");
    Processor processor = Wiring.fromEnvironment(env);
    assertEquals("true", System.getProperty(Wiring.IGNORE_CONFIGURED_ENDPOINTS));
    assertEquals(java.util.Optional.empty(), S3Client.builder().region(Region.US_EAST_1).build()
        .serviceClientConfiguration().endpointOverride(), "no endpoint but the one Config gives");
    assertEquals(Processor.class, processor.getClass());
  }
}
