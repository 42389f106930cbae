package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Validation errors as problem details, data connections (write-only values), catalog, quota, capacity. */
@KubernetesClusterTest
class ValidationAndResourcesIT {

  static ApiOnCluster api;
  static final String A = "/api/v1/teams/a/workspaces";

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
  }

  @Test
  void invalidWorkspaceIsAProblemNamingEveryField() {
    ApiOnCluster.Response r = api.send("POST", A, api.token("bob"), """
        {"name":"Not_Valid","class":"jupyterlab","image":"tensorflow","resources":{"cpu":"64","memory":"lots"},
         "idleTimeout":"forever","env":[{"name":"AIR9_TOKEN","value":"x"}],"dataConnections":["missing"]}""");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(fields(problem)).contains("name", "image", "resources.cpu", "resources.memory", "idleTimeout",
        "env[0].name", "dataConnections[0]");
    assertThat(api.send("GET", A + "/Not_Valid", api.token("bob"), null).status()).isEqualTo(404);
  }

  @Test
  void unknownClassAndImmutableClassAreNamed() {
    String bob = api.token("bob");
    JsonNode unknown = api.send("POST", A, bob, "{\"name\":\"no-class\",\"class\":\"matlab\"}").json();
    assertThat(fields(unknown)).containsExactly("class");
    ApiOnCluster.Response created = api.send("POST", A, bob, "{\"name\":\"immutable\",\"class\":\"vscode\",\"state\":\"Stopped\"}");
    assertThat(created.status()).as(created.body()).isIn(201, 409);
    ApiOnCluster.Response change = api.send("PUT", A + "/immutable", bob, "{\"class\":\"rstudio\"}");
    assertThat(change.status()).isEqualTo(400);
    assertThat(fields(change.json())).containsExactly("class");
    ApiOnCluster.Response duplicate = api.send("POST", A, bob, "{\"name\":\"immutable\",\"class\":\"vscode\"}");
    assertThat(duplicate.status()).isEqualTo(409);
  }

  @Test
  void malformedJsonIsAProblem() {
    ApiOnCluster.Response r = api.send("POST", A, api.token("bob"), "{\"name\":");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
  }

  @Test
  void connectionValuesAreWriteOnly() {
    String bob = api.token("bob");
    String path = "/api/v1/teams/a/connections";
    ApiOnCluster.Response invalid = api.send("POST", path, bob,
        "{\"name\":\"pg\",\"type\":\"postgres\",\"values\":{\"host\":\"db\",\"colour\":\"red\"}}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(fields(invalid.json())).contains("values.user", "values.password", "values.colour");

    ApiOnCluster.Response created = api.send("POST", path, bob, """
        {"name":"warehouse-db","type":"postgres","values":{"host":"db.example","user":"bob","password":"s3cr3t-Pw"}}""");
    assertThat(created.status()).as(created.body()).isIn(201, 409);
    JsonNode list = api.awaitJson(path, bob, Duration.ofSeconds(20), l -> l.toString().contains("warehouse-db"));
    assertThat(list.toString()).doesNotContain("s3cr3t-Pw").doesNotContain(
        Base64.getEncoder().encodeToString("s3cr3t-Pw".getBytes(StandardCharsets.UTF_8)));
    JsonNode pg = null;
    for (JsonNode c : list) {
      if ("warehouse-db".equals(c.get("name").asString())) {
        pg = c;
      }
    }
    assertThat(pg).as(list.toString()).isNotNull();
    assertThat(pg.get("type").asString()).isEqualTo("postgres");
    assertThat(pg.get("keys").toString()).isEqualTo("[\"host\",\"password\",\"user\"]");
    if (created.status() == 201) {
      assertThat(created.body()).doesNotContain("s3cr3t-Pw");
    }
    Secret secret = api.client.secrets().inNamespace("team-a").withName("warehouse-db").get();
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-Pw");
    assertThat(secret.getMetadata().getManagedFields()).anySatisfy(m -> assertThat(m.getManager()).isEqualTo("air9-api"));

    // A workspace can now use the connection.
    ApiOnCluster.Response ws = api.send("POST", "/api/v1/teams/a/workspaces", bob,
        "{\"name\":\"with-db\",\"class\":\"vscode\",\"state\":\"Stopped\",\"dataConnections\":[\"warehouse-db\"]}");
    assertThat(ws.status()).as(ws.body()).isIn(201, 409);
  }

  @Test
  void catalogQuotaAndCapacity() {
    String bob = api.token("bob");
    JsonNode classes = api.send("GET", "/api/v1/classes", bob, null).json();
    assertThat(AuthorizationIT.names(classes)).contains("jupyterlab", "rstudio", "vscode", "mlflow");
    JsonNode jupyter = api.send("GET", "/api/v1/classes/jupyterlab", bob, null).json();
    assertThat(jupyter.get("maxResources").get("cpu").asString()).isEqualTo("8");
    assertThat(api.send("GET", "/api/v1/classes/nope", bob, null).status()).isEqualTo(404);

    JsonNode quota = api.send("GET", "/api/v1/teams/a/quota", bob, null).json();
    assertThat(quota.get("quota").get("maxWorkspaces").asInt()).isEqualTo(20);
    assertThat(quota.get("usage").get("workspaces").asInt()).isGreaterThanOrEqualTo(0);

    // Capacity per node is for platform admins; users learn what they need from the fit check.
    ApiOnCluster.Response refused = api.send("GET", "/api/v1/cluster/capacity", bob, null);
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).doesNotContain("allocatable");
    JsonNode capacity = api.send("GET", "/api/v1/cluster/capacity", api.token("dave"), null).json();
    assertThat(capacity.get("nodes").size()).isEqualTo(5);
    assertThat(capacity.get("gpu").get("allocatable").asString()).isEqualTo("4");
    assertThat(capacity.get("cpu").get("allocatable").asString()).isNotEqualTo("0");
  }

  @Test
  void healthAndMetricsAreExposed() {
    ApiOnCluster.Response readiness = api.send("GET", "/actuator/health/readiness", null, null);
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().get("components").get("kubernetes").get("status").asString()).isEqualTo("UP");
    assertThat(readiness.body()).doesNotContain("serverVersion");
    ApiOnCluster.Response prometheus = api.send("GET", "/actuator/prometheus", null, null);
    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.body()).contains("http_server_requests_seconds").contains("air9_api_sse_subscribers");
    assertThat(api.send("GET", "/swagger-ui/index.html", null, null).status()).isEqualTo(200);
    ApiOnCluster.Response docs = api.send("GET", "/v3/api-docs", null, null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").has("/api/v1/teams/{team}/workspaces")).isTrue();
  }

  static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }
}
