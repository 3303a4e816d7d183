package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One record as the engine holds it: {@link #fields} for the rules and the alert's summaries, and the
 * whole record for the alert that shows it.
 *
 * <p>Rules kept: {@link #fields} holds at least every field of the reader's {@link Interest} as the
 * whole record has it (exactly the whole record when made by {@link #of}); a record read from a log
 * keeps its bytes (known to be valid JSON) and parses them on each call of {@link #whole}, which only
 * an alert's first record needs. Two views are equal when their whole records are.
 */
public final class RecordView {
  private final JsonNode fields;
  private final byte[] bytes;
  private final Entities.Memo entities;
  private final Activity.Calls calls;

  private RecordView(JsonNode fields, byte[] bytes, Entities.Memo entities, Activity.Calls calls) {
    this.fields = fields;
    this.bytes = bytes;
    this.entities = entities;
    this.calls = calls;
  }

  /** A record held as its whole tree. */
  public static RecordView of(JsonNode whole) {
    return new RecordView(whole, null, null, null);
  }

  /**
   * A record read from a log: its bytes, and the fields of interest (or the whole tree) already read;
   * {@code entities} and {@code calls}, the log's memos of its matches' entities and calls (confined to the
   * thread reading it, so not kept past the read).
   */
  static RecordView read(JsonNode fields, byte[] bytes, Entities.Memo entities, Activity.Calls calls) {
    return new RecordView(fields, bytes, entities, calls);
  }

  /** The fields the engine reads (or more). */
  public JsonNode fields() {
    return fields != null ? fields : whole();
  }

  /**
   * This record held as its bytes alone, for as long as an alert may need it: its fields are read again
   * (whole) if asked for. A record made in memory is returned as it is.
   */
  RecordView bytesOnly() {
    return bytes == null ? this : new RecordView(null, bytes, null, null);
  }

  /** Its entities ({@link Entities#of} its fields), from its log's memo when it has one. */
  Entities entities() {
    return entities != null ? entities.of(fields) : Entities.of(fields());
  }

  /** What it adds to its window's activity ({@link Activity.Sample#of} its fields), its call from its log's memo. */
  Activity.Sample sample() {
    return Activity.Sample.of(fields(), calls);
  }

  /** The whole record. */
  public JsonNode whole() {
    if (bytes == null) {
      return fields;
    }
    try {
      return CloudTrailReader.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("a record read as valid JSON no longer parses", e);
    }
  }

  /** The size in bytes of the record it was read from; 0 for one made in memory. */
  public int size() {
    return bytes == null ? 0 : bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordView view && whole().equals(view.whole());
  }

  @Override
  public int hashCode() {
    return whole().hashCode();
  }

  @Override
  public String toString() {
    return whole().toString();
  }
}
