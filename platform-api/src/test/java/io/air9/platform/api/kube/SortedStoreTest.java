package io.air9.platform.api.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedStoreTest {

  final SortedStore<Workspace> store = new SortedStore<>();

  static Workspace ws(String namespace, String name, String version) {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withResourceVersion(version).build());
    return w;
  }

  static List<String> names(List<Workspace> list) {
    return list.stream().map(w -> w.getMetadata().getName() + "@" + w.getMetadata().getResourceVersion()).toList();
  }

  void put(Workspace w) {
    store.put(store.getKey(w), w);
  }

  @Test
  void keepsEachNamespaceSortedByNameAsTheInformerPutsAndRemoves() {
    put(ws("team-a", "c", "1"));
    put(ws("team-a", "a", "2"));
    put(ws("team-b", "b", "3"));
    put(ws("team-a", "b", "4"));
    assertThat(names(store.sorted("team-a"))).containsExactly("a@2", "b@4", "c@1");
    assertThat(names(store.sorted("team-b"))).containsExactly("b@3");
    assertThat(store.sorted("team-x")).isEmpty();

    put(ws("team-a", "b", "5"));
    store.remove("team-a/a");
    store.remove("team-a/nothing");
    assertThat(names(store.sorted("team-a"))).containsExactly("b@5", "c@1");
    assertThat(store.get("team-a/b").getMetadata().getResourceVersion()).isEqualTo("5");
    assertThat(store.get("team-a/a")).isNull();
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.keySet()).containsExactlyInAnyOrder("team-a/b", "team-a/c", "team-b/b");
  }

  @Test
  void aNamespacesListIsBuiltOncePerChangeAndOtherNamespacesKeepTheirs() {
    put(ws("team-a", "a", "1"));
    put(ws("team-b", "b", "2"));
    List<Workspace> a = store.sorted("team-a");
    List<Workspace> b = store.sorted("team-b");
    assertThat(store.sorted("team-a")).isSameAs(a);

    put(ws("team-a", "a2", "3"));
    assertThat(store.sorted("team-a")).isNotSameAs(a).hasSize(2);
    assertThat(a).hasSize(1); // a list already handed out does not change under its reader
    assertThat(store.sorted("team-b")).isSameAs(b);
  }
}
