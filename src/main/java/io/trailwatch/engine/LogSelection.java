package io.trailwatch.engine;

/**
 * Which files or object keys are CloudTrail logs to read. Rules kept: names ending {@code .json.gz}
 * or {@code .json} are read, except anything below a {@code CloudTrail-Digest} or
 * {@code CloudTrail-Insight} path segment (digests and Insights events are not API calls). Paths use
 * {@code /} as the separator.
 */
public final class LogSelection {
  private LogSelection() {}

  public static boolean isLog(String path) {
    if (!path.endsWith(".json.gz") && !path.endsWith(".json")) {
      return false;
    }
    for (String segment : path.split("/")) {
      if (segment.equals("CloudTrail-Digest") || segment.equals("CloudTrail-Insight")) {
        return false;
      }
    }
    return true;
  }
}
