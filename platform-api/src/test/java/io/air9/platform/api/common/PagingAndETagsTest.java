package io.air9.platform.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagingAndETagsTest {

  @Test
  void pagesCutTheListAndCountPages() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);
    assertThat(PageView.of(all, 0, 2)).isEqualTo(new PageView<>(List.of(1, 2), 0, 2, 5, 3, null));
    assertThat(PageView.of(all, 2, 2).items()).containsExactly(5);
    assertThat(PageView.of(all, 9, 2).items()).isEmpty();
    assertThat(PageView.of(List.of(), 0, 50).totalPages()).isZero();
  }

  @Test
  void onlyThePagesItemsBecomeViews() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);
    List<Integer> viewed = new java.util.ArrayList<>();
    PageView<String> page = PageView.of(all, i -> {
      viewed.add(i);
      return "#" + i;
    }, 1, 2);
    assertThat(page).isEqualTo(new PageView<>(List.of("#3", "#4"), 1, 2, 5, 3, null));
    assertThat(viewed).containsExactly(3, 4);
  }

  @Test
  void aCursorPagesFromTheKeyAfterItEvenWhenTheListChangedBetweenPages() {
    List<String> all = List.of("a", "b", "c", "d", "e");
    PageView<String> first = PageView.of(all, s -> s, String::toUpperCase, 0, 2, null);
    assertThat(first).isEqualTo(new PageView<>(List.of("A", "B"), 0, 2, 5, 3, "b"));
    // "a" was deleted and "bb" added before the next page: it starts right after "b", skipping and repeating nothing
    List<String> changed = List.of("b", "bb", "c", "d", "e");
    PageView<String> second = PageView.of(changed, s -> s, String::toUpperCase, 0, 2, first.next());
    assertThat(second.items()).containsExactly("BB", "C");
    assertThat(second.next()).isEqualTo("c");
    PageView<String> last = PageView.of(changed, s -> s, String::toUpperCase, 0, 2, "c");
    assertThat(last.items()).containsExactly("D", "E");
    assertThat(last.next()).isNull();
    assertThat(PageView.of(changed, s -> s, String::toUpperCase, 0, 2, "zzz").items()).isEmpty();
    // a cursor that is no longer in the list (deleted) still finds its place
    assertThat(PageView.of(changed, s -> s, String::toUpperCase, 0, 2, "a").items()).containsExactly("B", "BB");
  }

  @Test
  void ifMatchAcceptsStrongWeakAndListedTags() {
    assertThat(ETags.of("12")).isEqualTo("\"12\"");
    assertThat(ETags.matches("\"12\"", "12")).isTrue();
    assertThat(ETags.matches("W/\"12\"", "12")).isTrue();
    assertThat(ETags.matches("\"7\", \"12\"", "12")).isTrue();
    assertThat(ETags.matches("\"11\"", "12")).isFalse();
    assertThat(ETags.matches("\"\"", "12")).isFalse();
  }
}
