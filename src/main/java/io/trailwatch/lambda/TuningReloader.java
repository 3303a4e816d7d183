package io.trailwatch.lambda;

import io.trailwatch.engine.ObjectSource;
import io.trailwatch.engine.Tuning;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The function's tuning file in S3 ({@code TUNING_S3_URI}), read at start-up and again when it changes.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>at start-up the file must be readable and valid, or the function does not start (the reason is
 *       the init error);</li>
 *   <li>afterwards it is checked at most once per {@link #CHECK_EVERY} (a conditional GET on its ETag:
 *       one request, no body when unchanged);</li>
 *   <li>a changed, valid file replaces the tuning from the next object on (logged with its ETag);</li>
 *   <li>a changed file that is invalid or cannot be read is never used and never ignored: the last good
 *       tuning stays, the reason is logged as an error and counted in TuningErrors at every check until
 *       a good version replaces it (so an alarm on TuningErrors stays on).</li>
 * </ul>
 */
final class TuningReloader {
  static final Duration CHECK_EVERY = Duration.ofMinutes(1);
  /** A tuning file is a few KB; this bounds what a wrong object could cost. */
  static final int MAX_BYTES = 1 << 20;

  private final ObjectSource objects;
  private final String bucket;
  private final String key;
  private final Clock clock;
  private Tuning tuning;
  private String goodEtag;
  private String badEtag;
  private String badReason;
  private Instant checked;

  private TuningReloader(ObjectSource objects, String bucket, String key, Clock clock) {
    this.objects = objects;
    this.bucket = bucket;
    this.key = key;
    this.clock = clock;
  }

  /**
   * Reads the tuning file once.
   *
   * @throws IllegalStateException naming the file and the reason when it cannot be read or is invalid
   */
  static TuningReloader load(ObjectSource objects, String bucket, String key, Clock clock) {
    TuningReloader reloader = new TuningReloader(objects, bucket, key, clock);
    try {
      ObjectSource.Content content = objects.readIfChanged(bucket, key, null, MAX_BYTES);
      reloader.tuning = reloader.parse(content);
      reloader.goodEtag = content.etag();
    } catch (ObjectSource.ObjectUnavailableException | IOException | IllegalArgumentException e) {
      throw new IllegalStateException("tuning file " + reloader.name() + " cannot be used: " + e.getMessage(), e);
    }
    reloader.checked = clock.instant();
    return reloader;
  }

  /** The tuning to use now, after a check of the file when one is due. */
  Tuning current(Log log, Metrics metrics) {
    Instant now = clock.instant();
    if (now.isBefore(checked.plus(CHECK_EVERY))) {
      return tuning;
    }
    checked = now;
    try {
      ObjectSource.Content content = objects.readIfChanged(bucket, key, badEtag != null ? badEtag : goodEtag, MAX_BYTES);
      if (content == null) {
        if (badEtag != null) {
          failed(log, metrics, badReason);
        }
        return tuning;
      }
      try {
        tuning = parse(content);
        goodEtag = content.etag();
        badEtag = null;
        log.info("tuning file reloaded", "file", name(), "etag", content.etag(), "rules", tuning.ruleIds().toString());
      } catch (IllegalArgumentException | IOException e) {
        badEtag = content.etag();
        badReason = e.getMessage();
        failed(log, metrics, badReason);
      }
    } catch (ObjectSource.ObjectUnavailableException | IOException e) {
      failed(log, metrics, "cannot read it: " + e.getMessage());
    }
    return tuning;
  }

  private void failed(Log log, Metrics metrics, String reason) {
    metrics.add(Metrics.Name.TuningErrors, 1);
    log.error("tuning file not used; the last good one stays", "file", name(), "reason", reason);
  }

  private Tuning parse(ObjectSource.Content content) throws IOException {
    return Tuning.read(new ByteArrayInputStream(content.bytes()), name());
  }

  private String name() {
    return "s3://" + bucket + "/" + key;
  }
}
