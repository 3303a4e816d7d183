package io.trailwatch.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper for what the Lambda reads and writes of its own: events, responses, log lines and
 * metrics. Jackson's defaults (no NaN, standard limits): events come from AWS, not from logs. CloudTrail
 * records have their own mapper, tuned for hostile input ({@code CloudTrailReader}), and alerts theirs
 * ({@code AlertJson}).
 */
final class EventMapper {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private EventMapper() {}
}
