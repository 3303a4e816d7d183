package io.trailwatch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Match;
import io.trailwatch.engine.MatchGroup;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda door: {@code io.trailwatch.lambda.Handler::handleRequest}. Parses the event with Jackson
 * itself, so one function accepts S3, SQS-wrapped, SNS-wrapped and EventBridge notifications, and
 * hands it to the {@link Processor}. Start-up (the constructor) reads the environment and builds the
 * clients once, without network calls; a CRaC hook primes the hot paths before a SnapStart snapshot.
 */
public final class Handler implements RequestStreamHandler, Resource {
  private static final ObjectMapper MAPPER = EventMapper.MAPPER;

  private final Processor processor;
  private final Clock clock;

  /** The runtime's constructor: configuration from the environment. */
  public Handler() {
    this(Wiring.fromEnvironment(System.getenv()), Clock.systemUTC());
    Core.getGlobalContext().register(this);
  }

  Handler(Processor processor, Clock clock) {
    this.processor = processor;
    this.clock = clock;
  }

  /** For the {@code invoke} command: the handler as the runtime would build it from {@code env}. */
  public static Handler fromEnvironment(java.util.Map<String, String> env) {
    return new Handler(Wiring.fromEnvironment(env), Clock.systemUTC());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Consumer<String> sink = context != null && context.getLogger() != null
        ? line -> context.getLogger().log(line + "\n")
        : System.out::println;
    Log log = Log.to(MAPPER, sink, context == null ? null : context.getAwsRequestId());
    Metrics metrics = new Metrics();
    try {
      JsonNode event;
      try {
        event = MAPPER.readTree(input);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the event is not valid JSON: " + e.getOriginalMessage(), e);
      }
      ObjectNode response = processor.handle(event, MAPPER, log, metrics);
      output.write(MAPPER.writeValueAsBytes(response));
    } catch (BadEventException e) {
      log.error("event not understood", "reason", e.getMessage());
      throw new IllegalArgumentException(e.getMessage(), e);
    } finally {
      log.raw(metrics.toEmf(MAPPER, clock.instant()));
    }
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // clients re-resolve credentials and connections lazily after restore
  }

  /** Runs the hot paths once on sample data, touching no AWS service. Returns the sample alert JSON. */
  static String prime() {
    String record = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAPRIME\","
        + "\"arn\":\"arn:aws:iam::111122223333:user/prime\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAPRIME\","
        + "\"userName\":\"prime\"},\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventSource\":\"sts.amazonaws.com\","
        + "\"eventName\":\"GetCallerIdentity\",\"sourceIPAddress\":\"192.0.2.1\",\"recipientAccountId\":\"111122223333\"}";
    String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"prime\"},"
        + "\"object\":{\"key\":\"AWSLogs/prime+key.json.gz\",\"eTag\":\"e\"}}}]}";
    try {
      new Notifications(MAPPER).readEvent(MAPPER.readTree(event));
      Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC());
      List<Match> matches = new ArrayList<>();
      engine.scan(new ByteArrayInputStream(("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8)),
          new Source.S3Object("prime", "prime.json.gz"), matches::add);
      Alert alert = Alert.of(MatchGroup.startingWith(matches.get(0)), Instant.EPOCH, 1, Instant.EPOCH);
      return AlertJson.fit(alert, 262_144);
    } catch (IOException | BadEventException e) {
      throw new IllegalStateException("priming failed", e);
    }
  }
}
