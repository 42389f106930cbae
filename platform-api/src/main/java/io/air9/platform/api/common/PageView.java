package io.air9.platform.api.common;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param page zero-based page number (of the first item, when the page was asked for with a cursor)
 * @param size page size asked for
 * @param totalItems items over all pages
 * @param totalPages number of pages
 * @param next the cursor of the next page (pass it as {@code after}); null on the last page and for lists without
 *     cursors
 */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages,
    @Schema(description = "Cursor of the next page: pass it as `after`; null on the last page") String next) {

  public static final int MAX_SIZE = 500;

  /** Cuts page {@code page} of {@code size} out of all items (the caller validated page and size). */
  public static <T> PageView<T> of(List<T> all, int page, int size) {
    int from = (int) Math.min((long) page * size, all.size());
    return cut(all, from, size, Function.identity(), null);
  }

  /** Cuts the page out of all items first, then turns only its items into views (a team of 5000, a page of 50). */
  public static <S, T> PageView<T> of(List<S> all, Function<S, T> view, int page, int size) {
    int from = (int) Math.min((long) page * size, all.size());
    return cut(all, from, size, view, null);
  }

  /**
   * A page of a list sorted by {@code key} (unique, for example names): with {@code after} null, page {@code page};
   * otherwise the {@code size} items whose keys follow {@code after} (found by binary search), so a client paging
   * through a list that changes meanwhile neither skips nor repeats an item that stayed. Its {@code next} is the
   * last item's key while more follow.
   */
  public static <S, T> PageView<T> of(List<S> sorted, Function<S, String> key, Function<S, T> view, int page,
      int size, String after) {
    int from = after == null ? (int) Math.min((long) page * size, sorted.size()) : firstAfter(sorted, key, after);
    return cut(sorted, from, size, view, key);
  }

  private static <S, T> PageView<T> cut(List<S> all, int from, int size, Function<S, T> view,
      Function<S, String> key) {
    int to = Math.min(from + size, all.size());
    int pages = (all.size() + size - 1) / size;
    String next = key != null && to < all.size() && to > from ? key.apply(all.get(to - 1)) : null;
    return new PageView<>(all.subList(from, to).stream().map(view).toList(), from / size, size, all.size(), pages,
        next);
  }

  /** Index of the first item whose key is greater than {@code after}. */
  private static <S> int firstAfter(List<S> sorted, Function<S, String> key, String after) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (key.apply(sorted.get(mid)).compareTo(after) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
