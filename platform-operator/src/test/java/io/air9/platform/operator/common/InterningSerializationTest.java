package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterningSerializationTest {

  private static final KubernetesSerialization INTERNING = InterningSerialization.create();
  private static final KubernetesSerialization PLAIN = new KubernetesSerialization();

  /** A StatefulSet as the API server sends it: each string a new copy when read. */
  private static String json(String name) {
    return PLAIN.asJson(new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace("team-a")
        .addToLabels("app.kubernetes.io/managed-by", "air9-operator").addToLabels("air9.io/workspace", name)
        .endMetadata()
        .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("workspace")
        .withImage("quay.io/jupyter/scipy-notebook:2025-10-20").withArgs("start-notebook.py", "--no-browser")
        .addNewEnv().withName("JUPYTER_PORT").withValue("8888").endEnv().endContainer().endSpec().endTemplate()
        .endSpec().build());
  }

  @Test
  void equalStringsOfTwoObjectsAreOneCopy() {
    StatefulSet a = INTERNING.unmarshal(json("alice"), StatefulSet.class);
    StatefulSet b = INTERNING.unmarshal(json("bob"), StatefulSet.class);

    var ca = a.getSpec().getTemplate().getSpec().getContainers().get(0);
    var cb = b.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(ca.getImage()).isSameAs(cb.getImage());
    assertThat(ca.getArgs().get(1)).isSameAs(cb.getArgs().get(1));
    assertThat(ca.getEnv().get(0).getValue()).isSameAs(cb.getEnv().get(0).getValue());
    assertThat(a.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .isSameAs(b.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    assertThat(a.getMetadata().getName()).isEqualTo("alice");
  }

  @Test
  void readsWhatFabric8Reads() {
    String json = json("alice");

    assertThat(INTERNING.unmarshal(json, StatefulSet.class)).isEqualTo(PLAIN.unmarshal(json, StatefulSet.class));
    KubernetesList list = INTERNING.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + json + "]}",
        KubernetesList.class);
    assertThat(list.getItems()).singleElement().isInstanceOf(StatefulSet.class);
  }

  @Test
  void readsTheCustomResources() {
    String json = """
        {"apiVersion":"air9.io/v1alpha1","kind":"Workspace","metadata":{"name":"w","namespace":"team-a"},
         "spec":{"class":"jupyterlab","owner":"alice","state":"Running","dataConnections":["lake"]}}""";

    Workspace ws = INTERNING.unmarshal(json, Workspace.class);

    assertThat(ws).isEqualTo(PLAIN.unmarshal(json, Workspace.class));
    assertThat(ws.getSpec().getDataConnections()).isEqualTo(List.of("lake"));
    assertThat(ws.getSpec().getDataConnections().get(0)).isSameAs("lake".intern());
  }
}
