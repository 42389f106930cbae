package io.air9.platform.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagingAndETagsTest {

  @Test
  void pagesCutTheListAndCountPages() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);
    assertThat(PageView.of(all, 0, 2)).isEqualTo(new PageView<>(List.of(1, 2), 0, 2, 5, 3));
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
    assertThat(page).isEqualTo(new PageView<>(List.of("#3", "#4"), 1, 2, 5, 3));
    assertThat(viewed).containsExactly(3, 4);
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
