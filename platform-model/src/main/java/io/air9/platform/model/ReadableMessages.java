package io.air9.platform.model;

import java.util.regex.Pattern;

/**
 * The last line of defence for every message a user reads (status conditions, Events, API problem details): no
 * stack trace, no exception class name and no URL survives, whatever an exception or the API server said. Shared
 * by the operator and the API; each maps its errors to messages first, then passes them through {@link #clean}.
 */
public final class ReadableMessages {

  /** Longest message a user is shown. */
  public static final int MAX_LENGTH = 1000;
  private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
  private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*\\b");
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*(?:at \\S+\\(.*\\)|\\.\\.\\. \\d+ more)\\s*$");
  private static final Pattern CAUSED_BY = Pattern.compile("(?m)^\\s*Caused by: ");

  private ReadableMessages() {}

  /**
   * The message without stack frames, URLs ({@code <url>}) and package-qualified class names (the simple name,
   * {@code FooException} as {@code Foo error}), on one line and at most {@value #MAX_LENGTH} characters.
   */
  public static String clean(String message) {
    if (message == null) {
      return null;
    }
    String s = STACK_FRAME.matcher(message).replaceAll("");
    s = CAUSED_BY.matcher(s).replaceAll("; ");
    s = URL.matcher(s).replaceAll("<url>");
    s = CLASS_NAME.matcher(s).replaceAll(m -> simpleName(m.group()));
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 3) + "...";
  }

  private static String simpleName(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    int inner = simple.lastIndexOf('$');
    simple = inner >= 0 ? simple.substring(inner + 1) : simple;
    return simple.replaceAll("(Exception|Error)$", " error");
  }
}
