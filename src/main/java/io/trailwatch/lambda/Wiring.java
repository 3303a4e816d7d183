package io.trailwatch.lambda;

import io.trailwatch.aws.DynamoDbSignalStore;
import io.trailwatch.aws.DynamoDbTermStore;
import io.trailwatch.aws.DynamoDbWindowStore;
import io.trailwatch.aws.S3ObjectSource;
import io.trailwatch.aws.SecurityHubPublisher;
import io.trailwatch.aws.SnsAlertPublisher;
import io.trailwatch.engine.AlertPublisher;
import io.trailwatch.engine.CorrelationRule;
import io.trailwatch.engine.Correlator;
import io.trailwatch.engine.Deduplicator;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Fanout;
import io.trailwatch.engine.Rule;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Sleeper;
import io.trailwatch.engine.Tuning;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Start-up: builds the SDK clients once (URL-connection HTTP client, region from the config, the
 * default credentials chain, the endpoint override with path-style S3 when AWS_ENDPOINT_URL is set)
 * and plugs the adapters into the engine. No network call happens here.
 */
final class Wiring {
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
  static final String IGNORE_CONFIGURED_ENDPOINTS = "aws.ignoreConfiguredEndpointUrls";

  private Wiring() {}

  static Processor fromEnvironment(Map<String, String> env) {
    return processor(Config.fromEnvironment(env), Clock.systemUTC());
  }

  static Processor processor(Config config, Clock clock) {
    // Config is the one source of the endpoint: the SDK must not read AWS_ENDPOINT_URL on its own,
    // where the template's empty value (= unset) would be a URI without a scheme
    System.setProperty(IGNORE_CONFIGURED_ENDPOINTS, "true");
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    Region region = Region.of(config.region());
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    URI endpoint = config.endpointUrl() == null ? null : URI.create(config.endpointUrl());

    var s3 = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
        .forcePathStyle(endpoint != null);
    var dynamo = DynamoDbClient.builder().httpClient(http).region(region).credentialsProvider(credentials);
    // a publish must end well inside the publishing lease (Deduplicator.LEASE)
    var sns = SnsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
        .overrideConfiguration(c -> c.apiCallTimeout(PUBLISH_TIMEOUT));
    if (endpoint != null) {
      s3.endpointOverride(endpoint);
      dynamo.endpointOverride(endpoint);
      sns.endpointOverride(endpoint);
    }
    SecurityHubClient securityHub = null;
    if (config.securityHub()) {
      var builder = SecurityHubClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
          .overrideConfiguration(c -> c.apiCallTimeout(PUBLISH_TIMEOUT));
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
      securityHub = builder.build();
    }
    return processor(config, clock, Sleeper.REAL, Rules.shipped(), s3.build(), dynamo.build(), sns.build(), securityHub);
  }

  /** Where alerts go, in order: the alert topic, the chat topic, Security Hub (last: it is idempotent). */
  static List<AlertPublisher> destinations(Config config, SnsClient sns, SecurityHubClient securityHub) {
    List<AlertPublisher> out = new ArrayList<>();
    out.add(new SnsAlertPublisher(sns, config.topicArn()));
    if (config.chatTopicArn() != null) {
      out.add(SnsAlertPublisher.chat(sns, config.chatTopicArn()));
    }
    if (config.securityHub()) {
      Config.Account account = Config.Account.of(config.topicArn());
      out.add(new SecurityHubPublisher(Objects.requireNonNull(securityHub, "securityHub"), account.partition(),
          account.region(), account.id()));
    }
    return out;
  }

  /**
   * The processor over given clients (tests pass clients aimed at moto or LocalStack).
   *
   * @throws IllegalStateException when the tuning file cannot be read or is invalid
   */
  static Processor processor(Config config, Clock clock, Sleeper sleeper, List<Rule> rules, S3Client s3,
      DynamoDbClient dynamo, SnsClient sns) {
    return processor(config, clock, sleeper, rules, s3, dynamo, sns, null);
  }

  /** The processor over given clients, Security Hub's among them when {@code config} sends findings. */
  static Processor processor(Config config, Clock clock, Sleeper sleeper, List<Rule> rules, S3Client s3,
      DynamoDbClient dynamo, SnsClient sns, SecurityHubClient securityHub) {
    DynamoDbWindowStore store = new DynamoDbWindowStore(dynamo, config.table());
    DynamoDbSignalStore signals = new DynamoDbSignalStore(dynamo, config.table());
    DynamoDbTermStore terms = new DynamoDbTermStore(dynamo, config.table());
    S3ObjectSource objects = new S3ObjectSource(s3);
    Fanout fanout = Fanout.of(config.storeConcurrency());
    Function<Tuning, Detection.Current> build = tuning -> new Detection.Current(
        Engine.create(tuning.apply(rules), config.limits(), clock),
        Correlator.caching(tuning.apply(CorrelationRule.builtIn()), signals, fanout));
    Config.TuningUri uri = config.tuning();
    return new Processor(
        uri == null ? Detection.untuned(build)
            : Detection.reloading(TuningReloader.load(objects, uri.bucket(), uri.key(), clock), build),
        Deduplicator.over(store, destinations(config, sns, securityHub), clock, sleeper, fanout),
        terms,
        clock,
        objects,
        config.allowedBuckets(),
        config.minimumSeverity(),
        EventMapper.MAPPER,
        () -> {
          DynamoDbWindowStore.Usage windows = store.usage();
          return new DynamoDbWindowStore.Usage(windows.requests() + signals.requests() + terms.requests(),
              windows.consumedWriteUnits(), windows.largestItemBytes());
        });
  }
}
