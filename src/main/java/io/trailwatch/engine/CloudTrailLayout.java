package io.trailwatch.engine;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;

/**
 * Which parts of a trail's key space can hold the logs asked for, from CloudTrail's layout:
 * {@code [any prefix/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/file}. Rules kept: a
 * prefix is pruned only when the layout proves it holds nothing wanted — an account or region not
 * asked for, a {@code CloudTrail-Digest} or {@code CloudTrail-Insight} folder (or any folder other than
 * {@code CloudTrail} at that level), or a year, month or day folder wholly outside
 * {@code [since, until]} (folder dates, UTC, both ends included); anything that does not follow the
 * layout is kept (a listing that prunes nothing is slower, never wrong).
 */
public record CloudTrailLayout(Set<String> accounts, Set<String> regions, LocalDate since, LocalDate until) {
  /** No restriction: every log. */
  public static final CloudTrailLayout ALL = new CloudTrailLayout(Set.of(), Set.of(), null, null);

  public CloudTrailLayout {
    accounts = Set.copyOf(accounts);
    regions = Set.copyOf(regions);
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("--since " + since + " is after --until " + until);
    }
  }

  /** Whether the listing should descend into {@code prefix} (a key prefix ending in {@code /}). */
  public boolean descend(String prefix) {
    String[] segments = prefix.split("/");
    int logs = -1;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals("AWSLogs")) {
        logs = i;
        break;
      }
    }
    if (logs < 0) {
      return true;
    }
    int at = logs + 1;
    if (at < segments.length && segments[at].startsWith("o-")) {
      at++; // an organization trail's folder
    }
    // at: ACCOUNT, at+1: CloudTrail, at+2: REGION, at+3..5: YYYY/MM/DD
    for (int i = at; i < segments.length; i++) {
      String segment = segments[i];
      boolean keep = switch (i - at) {
        case 0 -> accounts.isEmpty() || accounts.contains(segment);
        case 1 -> segment.equals("CloudTrail");
        case 2 -> regions.isEmpty() || regions.contains(segment);
        case 3, 4, 5 -> dates(segments, at + 3, i);
        default -> true;
      };
      if (!keep) {
        return false;
      }
    }
    return true;
  }

  /** Whether the year (and month, and day) folders up to {@code last} overlap {@code [since, until]}. */
  private boolean dates(String[] segments, int year, int last) {
    try {
      int y = Integer.parseInt(segments[year]);
      LocalDate first;
      LocalDate end;
      if (last == year) {
        first = LocalDate.of(y, 1, 1);
        end = LocalDate.of(y, 12, 31);
      } else if (last == year + 1) {
        YearMonth month = YearMonth.of(y, Integer.parseInt(segments[year + 1]));
        first = month.atDay(1);
        end = month.atEndOfMonth();
      } else {
        first = LocalDate.of(y, Integer.parseInt(segments[year + 1]), Integer.parseInt(segments[year + 2]));
        end = first;
      }
      return (since == null || !end.isBefore(since)) && (until == null || !first.isAfter(until));
    } catch (RuntimeException e) { // not a number or not a date: not the layout, keep it
      return true;
    }
  }
}
