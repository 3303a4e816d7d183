package io.trailwatch.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Streams the records of one CloudTrail log, one at a time, in constant memory.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>gzip is recognised by its magic bytes, not the name; a 0-byte input (gzipped or not) is empty;</li>
 *   <li>accepted shapes: {@code {"Records": [...]}}, a top-level JSON array of records, and JSON Lines
 *       (one record object after another);</li>
 *   <li>a record is visited with a streaming pass that reads only userIdentity.accessKeyId (keys
 *       matched ignoring case); only a record that may match the rule (a string accessKeyId starting
 *       with {@code AKIA}, or a non-null one that is not a string) is parsed into a tree and handed on;</li>
 *   <li>an element that is not an object is counted and skipped; a candidate record larger than
 *       {@link Limits#maxRecordBytes} is counted as oversized and not evaluated;</li>
 *   <li>bytes that are not a CloudTrail log raise {@link MalformedLogException}; an I/O failure of the
 *       underlying source (a network read, say) is rethrown as it came, so callers can retry it.
 *       Records handed on before either stay handed on.</li>
 * </ul>
 */
public final class CloudTrailReader {
  /** Caps that keep hostile input from taking memory or time. */
  public record Limits(long maxUncompressedBytes, int maxRecordBytes) {
    public static final Limits DEFAULT = new Limits(16L << 30, 8 << 20);

    public Limits {
      if (maxUncompressedBytes < 1 || maxRecordBytes < 1024) {
        throw new IllegalArgumentException("limits too small: " + maxUncompressedBytes + ", " + maxRecordBytes);
      }
    }
  }

  /** Receives what the reader finds. */
  public interface Sink {
    /** A record that may match the rule, parsed. */
    void candidate(JsonNode record);
  }

  /** What one read saw. */
  public record Counts(long records, long nonObjects, long oversized) {}

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(1000)
          .maxStringLength(20_000_000)
          .build())
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private final Limits limits;

  private CloudTrailReader(Limits limits) {
    this.limits = limits;
  }

  public static CloudTrailReader withLimits(Limits limits) {
    return new CloudTrailReader(limits);
  }

  /** The mapper records are parsed with; shared so trees and alerts agree on features. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads {@code source} to its end, handing candidate records to {@code sink}.
   *
   * @throws MalformedLogException when the bytes are not a readable log (permanent)
   * @throws IOException as thrown by {@code source} itself (maybe transient)
   */
  public Counts read(InputStream source, Sink sink) throws IOException {
    Pass pass = new Pass(sink);
    try {
      BufferedInputStream buffered = new BufferedInputStream(new SourceGuard(source), 1 << 16);
      InputStream json = isGzip(buffered) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      pass.run(Tape.over(new Cap(json, limits.maxUncompressedBytes()), limits.maxRecordBytes()));
    } catch (SourceFailure e) {
      throw e.getCause();
    } catch (MalformedLogException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedLogException(describe(e), e);
    }
    return new Counts(pass.records, pass.nonObjects, pass.oversized);
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b;
  }

  private static String describe(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
      var where = json.getLocation();
      return "invalid JSON" + (where == null ? "" : " at byte " + where.getByteOffset()) + ": "
          + json.getOriginalMessage();
    }
    if (e instanceof java.util.zip.ZipException) {
      return "corrupt gzip: " + e.getMessage();
    }
    if (e instanceof java.io.EOFException) {
      return "truncated gzip: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** One pass over one input. */
  private final class Pass {
    private final Sink sink;
    private long records;
    private long nonObjects;
    private long oversized;
    private Tape tape;

    Pass(Sink sink) {
      this.sink = sink;
    }

    void run(Tape tape) throws IOException {
      this.tape = tape;
      try (JsonParser p = FACTORY.createParser(tape)) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (t == JsonToken.START_ARRAY) {
            readElements(p);
          } else if (t == JsonToken.START_OBJECT) {
            readRootObject(p);
          } else {
            nonObjects++;
          }
        }
      }
    }

    private void readRootObject(JsonParser p) throws IOException {
      long start = p.currentTokenLocation().getByteOffset();
      tape.keepFrom(start);
      JsonToken t = p.nextToken();
      if (t == JsonToken.FIELD_NAME && "Records".equals(p.currentName())) {
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new MalformedLogException("Records is " + p.currentToken().asString() + ", not an array");
        }
        readElements(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          p.nextToken();
          p.skipChildren();
        }
        return;
      }
      readRecord(p, start);
    }

    private void readElements(JsonParser p) throws IOException {
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new MalformedLogException("unexpected end of input inside an array");
        }
        if (t == JsonToken.START_OBJECT) {
          long start = p.currentTokenLocation().getByteOffset();
          tape.keepFrom(start);
          p.nextToken();
          readRecord(p, start);
        } else {
          p.skipChildren();
          nonObjects++;
        }
      }
    }

    /** At the first FIELD_NAME (or END_OBJECT) of a record starting at {@code start}. */
    private void readRecord(JsonParser p, long start) throws IOException {
      records++;
      boolean candidate = false;
      for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        if (p.nextToken() == JsonToken.START_OBJECT && name.equalsIgnoreCase("userIdentity")) {
          candidate |= identityMayMatch(p);
        } else {
          p.skipChildren();
        }
      }
      if (!candidate) {
        return;
      }
      long end = p.currentTokenLocation().getByteOffset() + 1;
      byte[] bytes = tape.slice(start, end);
      if (bytes == null) {
        oversized++;
        return;
      }
      sink.candidate(MAPPER.readTree(bytes));
    }

    private boolean identityMayMatch(JsonParser p) throws IOException {
      boolean candidate = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equalsIgnoreCase("accessKeyId")) {
          candidate |= value == JsonToken.VALUE_STRING ? p.getText().startsWith("AKIA") : value != JsonToken.VALUE_NULL;
        }
        p.skipChildren();
      }
      return candidate;
    }
  }

  /** Marks exceptions of the underlying source so they are not taken for bad data. */
  private static final class SourceFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private static final class SourceGuard extends FilterInputStream {
    SourceGuard(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }
  }

  /** Fails once more than {@code max} uncompressed bytes were read (decompression bombs). */
  private static final class Cap extends FilterInputStream {
    private final long max;
    private long count;

    Cap(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws MalformedLogException {
      count += n;
      if (count > max) {
        throw new MalformedLogException("more than " + max + " uncompressed bytes (limit; a decompression bomb?)");
      }
    }
  }
}
