package io.trailwatch.engine;

import java.util.Map;
import java.util.Objects;

/**
 * Why a match in first-seen mode alerted: its values of the {@link NewTerms} fields (field to value, in
 * the mode's order) were not seen in the {@code historyDays} before it.
 */
public record FirstSeen(Map<String, String> terms, int historyDays) {
  public FirstSeen {
    terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(terms)));
  }

  /** The terms as {@code field=value, ...}, what the dedup string gains. */
  String describe() {
    StringBuilder out = new StringBuilder();
    terms.forEach((field, value) -> out.append(out.isEmpty() ? "" : ", ").append(field).append('=').append(value));
    return out.toString();
  }
}
