package io.trailwatch.engine;

import java.io.IOException;
import java.util.List;

/** The port object keys are listed through, one level ({@code /}-delimited) and one page at a time (S3 in production). */
public interface ObjectLister {
  /** One object of a listing. */
  record Entry(String key, long size) {}

  /**
   * One page of a level: the objects directly under {@code prefix}, the sub-prefixes (each ending in
   * {@code /}), both in key order, and the token of the next page (null on the last).
   */
  record Page(List<Entry> objects, List<String> prefixes, String next) {
    public Page {
      objects = List.copyOf(objects);
      prefixes = List.copyOf(prefixes);
    }
  }

  /**
   * Lists one page under {@code prefix} in {@code bucket}.
   *
   * @param continuation the previous page's {@code next}, or null for the first page
   * @throws ObjectSource.ObjectUnavailableException when the listing is refused for good (no such bucket, access denied)
   * @throws IOException when it failed for now
   */
  Page list(String bucket, String prefix, String continuation) throws ObjectSource.ObjectUnavailableException, IOException;
}
