package io.trailwatch.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The log objects under an S3 prefix, in key order, listed lazily level by level and pruned by
 * {@link CloudTrailLayout}. Rules kept: only keys {@link LogSelection} admits; objects and
 * sub-prefixes of a level are merged in key order, so the keys come out sorted as a local walk's
 * paths do; memory holds one page per level (at most 1,000 entries each), never the whole listing.
 * Not thread-safe.
 */
public final class LogListing implements Iterator<ObjectLister.Entry> {
  /** A listing that failed; the keys already given stay given. */
  public static final class ListingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final ObjectLister lister;
  private final String bucket;
  private final CloudTrailLayout layout;
  private final Deque<Level> stack = new ArrayDeque<>();
  private ObjectLister.Entry next;

  /** One level being walked: its prefix, its current page and where we are in it. */
  private final class Level {
    final String prefix;
    ObjectLister.Page page;
    int object;
    int sub;

    Level(String prefix) {
      this.prefix = prefix;
    }

    /** Loads the page after {@code continuation} (the first when null). */
    void load(String continuation) {
      try {
        page = lister.list(bucket, prefix, continuation);
      } catch (ObjectSource.ObjectUnavailableException | IOException e) {
        throw new ListingException("s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
      }
    }
  }

  private LogListing(ObjectLister lister, String bucket, String prefix, CloudTrailLayout layout) {
    this.lister = lister;
    this.bucket = bucket;
    this.layout = layout;
    Level root = new Level(prefix);
    root.load(null);
    stack.push(root);
  }

  /**
   * Lists {@code prefix} of {@code bucket}.
   *
   * @throws ListingException when the first listing fails (as can {@link #next} later)
   */
  public static LogListing of(ObjectLister lister, String bucket, String prefix, CloudTrailLayout layout) {
    return new LogListing(lister, bucket, prefix, layout);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      next = step();
    }
    return next != null;
  }

  @Override
  public ObjectLister.Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ObjectLister.Entry out = next;
    next = null;
    return out;
  }

  /** One step of the walk: a log to give, or null after moving (into, along or out of a level). */
  private ObjectLister.Entry step() {
    Level level = stack.peek();
    ObjectLister.Page page = level.page;
    boolean objectsLeft = level.object < page.objects().size();
    boolean subsLeft = level.sub < page.prefixes().size();
    if (!objectsLeft && !subsLeft) {
      stack.pop();
      if (page.next() != null) {
        Level more = new Level(level.prefix);
        more.load(page.next());
        stack.push(more);
      }
      return null;
    }
    if (objectsLeft && (!subsLeft || page.objects().get(level.object).key().compareTo(page.prefixes().get(level.sub)) < 0)) {
      ObjectLister.Entry entry = page.objects().get(level.object++);
      return LogSelection.isLog(entry.key()) ? entry : null;
    }
    String sub = page.prefixes().get(level.sub++);
    if (layout.descend(sub)) {
      Level child = new Level(sub);
      child.load(null);
      stack.push(child);
    }
    return null;
  }
}
