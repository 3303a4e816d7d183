package io.trailwatch.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Streams the records of one CloudTrail log, one at a time, in constant memory.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>gzip is recognised by its magic bytes, not the name; a 0-byte input (gzipped or not) is empty;</li>
 *   <li>accepted shapes: {@code {"Records": [...]}}, a top-level JSON array of records, and JSON Lines
 *       (one record object after another);</li>
 *   <li>records are found by a byte-level pass ({@link RecordScanner}) that looks only at
 *       userIdentity.accessKeyId and eventName (keys matched ignoring case); only a record that may
 *       match a rule is read further and handed on, so the cost of a record the rules cannot match is
 *       a scan of its bytes;</li>
 *   <li>a candidate is read for the fields of the reader's {@link Interest} only ({@link TargetedRead}),
 *       and handed on as a {@link RecordView} holding those fields and its bytes; one that is not plain
 *       JSON (escapes in keys, non-ASCII, odd numbers, or invalid) is parsed whole by Jackson instead,
 *       which decides whether it is valid;</li>
 *   <li>a candidate is read as soon as the scanner knows it is one (in CloudTrail's own files, at its
 *       second key, userIdentity) when the rest of it is already in the scanner's buffer and plain, so its
 *       bytes are read once ({@link RecordScanner.Sink#take}); otherwise the scanner reads on to its end
 *       and it is read then, the same way;</li>
 *   <li>an element that is not an object is counted and skipped; a candidate record that cannot be
 *       evaluated (larger than {@link Limits#maxRecordBytes}, or not valid JSON inside although its
 *       brackets and strings are) is counted as unevaluated, the first reason kept, and reading goes on;</li>
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
    /** A record that may match a rule. */
    void candidate(RecordView record);
  }

  /**
   * What one read saw; {@code firstUnevaluated} is null when every candidate was evaluated;
   * {@code cloudTrailRecords} counts the records with a top-level eventName (any case).
   */
  public record Counts(long records, long nonObjects, long unevaluated, String firstUnevaluated,
      long cloudTrailRecords) {}

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(RecordScanner.MAX_DEPTH)
          .maxStringLength(RecordScanner.MAX_STRING)
          .build())
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private final Limits limits;
  private final Interest interest;
  /**
   * Whether the fields read of a record hold its eventName in every case: then a candidate can be read in
   * the scanner's place, which counts the records with an eventName, as soon as it is known to be one.
   */
  private final boolean readsTrail;

  private CloudTrailReader(Limits limits, Interest interest) {
    this.limits = limits;
    this.interest = interest;
    byte[] eventName = "eventName".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    this.readsTrail = interest.isWhole() || interest.find(eventName, 0, eventName.length) != -1;
  }

  /**
   * A reader handing on records whose {@link RecordView#fields} hold at least {@code interest}
   * ({@link Interest#WHOLE}: the whole record).
   */
  static CloudTrailReader keeping(Limits limits, Interest interest) {
    return new CloudTrailReader(limits, interest);
  }

  /** The mapper CloudTrail records are parsed with (NaN allowed, depth and string limits); for records only. */
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
    return read(source, sink, false);
  }

  /**
   * Reads as {@link #read(InputStream, Sink)}; {@code namedGzip}: the file's name says gzip, so bytes
   * that are not gzip and then fail as JSON are reported as not gzip.
   */
  public Counts read(InputStream source, Sink sink, boolean namedGzip) throws IOException {
    Unevaluated unevaluated = new Unevaluated();
    Taken taken = new Taken();
    TextCache texts = new TextCache();
    Entities.Memo entities = new Entities.Memo();
    Activity.Calls calls = new Activity.Calls();
    RecordScanner scanner = null;
    boolean gzip = false;
    try {
      BufferedInputStream buffered = new BufferedInputStream(new SourceGuard(source), 1 << 16);
      gzip = isGzip(buffered);
      InputStream json = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      scanner = new RecordScanner(new Cap(json, limits.maxUncompressedBytes()), limits.maxRecordBytes(),
          new RecordScanner.Sink() {
            @Override
            public void candidate(byte[] bytes, int offset, int length, long position) {
              JsonNode fields = TargetedRead.read(bytes, offset, offset + length, interest, texts);
              if (fields == null) {
                fields = parse(bytes, offset, length, position, unevaluated);
              }
              if (fields != null) {
                sink.candidate(RecordView.read(fields, Arrays.copyOfRange(bytes, offset, offset + length), entities,
                    calls));
              }
            }

            @Override
            public int take(byte[] bytes, int offset, int limit, long position) {
              TargetedRead.Leading read = readsTrail
                  ? TargetedRead.readLeading(bytes, offset, limit, interest, texts) : null;
              if (read == null) {
                return -1;
              }
              if (Fields.member(read.fields(), "eventName") != null) {
                taken.cloudTrailRecords++;
              }
              sink.candidate(RecordView.read(read.fields(), Arrays.copyOfRange(bytes, offset, read.end()), entities,
                  calls));
              return read.end() - offset;
            }

            @Override
            public void unevaluated(String why) {
              unevaluated.add(why);
            }
          });
      scanner.scan();
    } catch (SourceFailure e) {
      throw e.getCause();
    } catch (MalformedLogException e) {
      MalformedLogException reported = namedGzip && !gzip
          ? new MalformedLogException("not gzip, although named .gz; read as JSON: " + e.getMessage(), e) : e;
      throw reported.withCounts(counts(scanner, unevaluated, taken));
    } catch (IOException e) {
      throw new MalformedLogException(describe(e), e).withCounts(counts(scanner, unevaluated, taken));
    }
    return counts(scanner, unevaluated, taken);
  }

  private static Counts counts(RecordScanner scanner, Unevaluated unevaluated, Taken taken) {
    return scanner == null ? new Counts(0, 0, unevaluated.count, unevaluated.first, 0)
        : new Counts(scanner.records, scanner.nonObjects, unevaluated.count, unevaluated.first,
            scanner.cloudTrailRecords + taken.cloudTrailRecords);
  }

  /** What the reader counts of the records it takes from the scanner ({@link RecordScanner.Sink#take}). */
  private static final class Taken {
    long cloudTrailRecords;
  }


  private static final class Unevaluated {
    long count;
    String first;

    void add(String why) {
      if (count++ == 0) {
        first = why;
      }
    }
  }

  /** The candidate's tree, or null (counted) when its bytes are not valid JSON. */
  private static JsonNode parse(byte[] bytes, int offset, int length, long position, Unevaluated unevaluated) {
    try {
      return MAPPER.readTree(bytes, offset, length);
    } catch (IOException e) {
      long at = position;
      String reason = e.getMessage();
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
        at += json.getLocation() == null ? 0 : json.getLocation().getByteOffset();
        reason = json.getOriginalMessage();
      }
      unevaluated.add("record at byte " + position + " is not valid JSON (at byte " + at + "): " + reason);
      return null;
    }
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b;
  }

  private static String describe(IOException e) {
    if (e instanceof java.util.zip.ZipException) {
      return "corrupt gzip: " + e.getMessage();
    }
    if (e instanceof java.io.EOFException) {
      return "truncated gzip: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
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
  private static final class Cap extends CountingInputStream {
    private final long max;

    Cap(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    protected void counted(long total) throws MalformedLogException {
      if (total > max) {
        throw new MalformedLogException("more than " + max + " uncompressed bytes (limit; a decompression bomb?)");
      }
    }
  }
}
