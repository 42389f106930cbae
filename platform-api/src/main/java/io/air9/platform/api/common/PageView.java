package io.air9.platform.api.common;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param page zero-based page number
 * @param size page size asked for
 * @param totalItems items over all pages
 * @param totalPages number of pages
 */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

  public static final int MAX_SIZE = 500;

  /** Cuts page {@code page} of {@code size} out of all items (the caller validated page and size). */
  public static <T> PageView<T> of(List<T> all, int page, int size) {
    int from = (int) Math.min((long) page * size, all.size());
    int to = Math.min(from + size, all.size());
    int pages = (all.size() + size - 1) / size;
    return new PageView<>(List.copyOf(all.subList(from, to)), page, size, all.size(), pages);
  }

  /** Cuts the page out of all items first, then turns only its items into views (a team of 5000, a page of 50). */
  public static <S, T> PageView<T> of(List<S> all, Function<S, T> view, int page, int size) {
    PageView<S> cut = of(all, page, size);
    return new PageView<>(cut.items().stream().map(view).toList(), page, size, cut.totalItems(), cut.totalPages());
  }
}
