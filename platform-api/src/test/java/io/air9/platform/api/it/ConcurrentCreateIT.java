package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several users create the same name at the same moment, over real HTTP against the API on the simulated cluster:
 * exactly one gets 201, every other one 409 with a problem detail naming the field, and the stored object is the
 * winner's (owner and spec), never silently replaced by a later request.
 */
@KubernetesClusterTest
class ConcurrentCreateIT {

  static final int WRITERS = 8;
  static final int ROUNDS = 3;
  static ApiOnCluster api;
  static ExecutorService pool;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  @Test
  void concurrentWorkspaceCreatesOneWinsTheOthersGet409() throws Exception {
    // alice and bob alternate, each with their own display name, so the winner is recognisable.
    List<String> users = List.of("alice", "bob");
    for (int round = 0; round < ROUNDS; round++) {
      String name = "race-ws-" + round;
      List<ApiOnCluster.Response> answers = race(i -> api.send("POST", "/api/v1/teams/a/workspaces",
          api.token(users.get(i % 2)), """
          {"name":"%s","class":"rstudio","state":"Stopped","displayName":"writer-%d"}""".formatted(name, i)));
      int winner = assertOneWinner(answers, "name");
      Workspace stored = api.client.resources(Workspace.class).inNamespace("team-a").withName(name).get();
      assertThat(stored.getSpec().getOwner()).isEqualTo(users.get(winner % 2));
      assertThat(stored.getSpec().getDisplayName()).isEqualTo("writer-" + winner);
      assertThat(answers.get(winner).json().get("displayName").asString()).isEqualTo("writer-" + winner);
      assertThat(api.send("DELETE", "/api/v1/teams/a/workspaces/" + name, api.token("alice"), null).status())
          .isEqualTo(204);
    }
  }

  @Test
  void concurrentTeamCreatesOneWinsTheOthersGet409() throws Exception {
    String dave = api.token("dave");
    for (int round = 0; round < ROUNDS; round++) {
      String name = "race-team-" + round;
      List<ApiOnCluster.Response> answers = race(i -> api.send("POST", "/api/v1/teams", dave, """
          {"name":"%s","displayName":"writer-%d","members":[{"name":"user-%d","role":"admin"}]}"""
          .formatted(name, i, i)));
      int winner = assertOneWinner(answers, "name");
      Team stored = api.client.resources(Team.class).withName(name).get();
      assertThat(stored.getSpec().getDisplayName()).isEqualTo("writer-" + winner);
      assertThat(stored.getSpec().getMembers()).singleElement()
          .satisfies(m -> assertThat(m.getName()).isEqualTo("user-" + winner));
    }
  }

  @Test
  void concurrentConnectionCreatesOneWinsTheOthersGet409() throws Exception {
    List<String> users = List.of("alice", "bob");
    for (int round = 0; round < ROUNDS; round++) {
      String name = "race-conn-" + round;
      List<ApiOnCluster.Response> answers = race(i -> api.send("POST", "/api/v1/teams/a/connections",
          api.token(users.get(i % 2)), """
          {"name":"%s","type":"s3","values":{"accessKeyId":"key-%d","secretAccessKey":"secret-%d"}}"""
          .formatted(name, i, i)));
      int winner = assertOneWinner(answers, "name");
      Secret stored = api.client.secrets().inNamespace("team-a").withName(name).get();
      assertThat(new String(Base64.getDecoder().decode(stored.getData().get("accessKeyId")), StandardCharsets.UTF_8))
          .isEqualTo("key-" + winner);
      api.client.resource(stored).delete();
    }
  }

  /** Fires {@value #WRITERS} requests released at the same instant; answers in request order. */
  private static List<ApiOnCluster.Response> race(IntFunction<ApiOnCluster.Response> request) throws Exception {
    CountDownLatch ready = new CountDownLatch(WRITERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ApiOnCluster.Response>> futures = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        return request.apply(n);
      }));
    }
    ready.await();
    go.countDown();
    List<ApiOnCluster.Response> answers = new ArrayList<>();
    for (Future<ApiOnCluster.Response> f : futures) {
      answers.add(f.get());
    }
    return answers;
  }

  /** Exactly one 201; the others 409 problem details naming {@code field}. Returns the winner's index. */
  private static int assertOneWinner(List<ApiOnCluster.Response> answers, String field) {
    List<Integer> statuses = answers.stream().map(ApiOnCluster.Response::status).toList();
    assertThat(statuses.stream().filter(s -> s == 201).count()).as("201s among %s", statuses).isEqualTo(1);
    assertThat(statuses.stream().filter(s -> s == 409).count()).as("409s among %s", statuses)
        .isEqualTo(WRITERS - 1);
    int winner = statuses.indexOf(201);
    for (ApiOnCluster.Response r : answers) {
      if (r.status() == 409) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(409);
        assertThat(r.json().get("detail").asString()).contains("already exists");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
      }
    }
    return winner;
  }
}
