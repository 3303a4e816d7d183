package io.trailwatch.cli;

/**
 * What the command line prints about logs and files, made safe for a terminal: a hostile log or file
 * name must not drive the reader's terminal. Rule kept: every C0 and C1 control character, DEL, and
 * the Unicode bidirectional overrides and isolates become visible escapes ({@code \x1b},
 * {@code \u202e}); everything else is printed as it is.
 */
final class Terminal {
  private Terminal() {}

  static String safe(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** An I/O error's reason in words ("permission denied"), not the exception class. */
  static String reason(java.io.IOException error) {
    if (error instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (error instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (error instanceof java.nio.file.FileSystemLoopException) {
      return "a symbolic link loop";
    }
    return safe(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
  }
}
