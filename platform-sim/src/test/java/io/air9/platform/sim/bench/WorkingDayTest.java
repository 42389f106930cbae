package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingDayTest {

  private static final List<String> TEAMS = List.of("t1", "t2", "t3", "t4");

  @Test
  void everyUserArrivesInTheMorningBreaksForLunchAndLeavesInTheEvening() {
    List<WorkingDay.User> users = WorkingDay.users(TEAMS, 25, 0.2, 42);

    assertThat(users).hasSize(100).extracting(WorkingDay.User::key).doesNotHaveDuplicates();
    assertThat(users).allSatisfy(u -> {
      assertThat(u.arrive()).isBetween(8.0, 10.0);
      assertThat(u.lunch()).isGreaterThan(u.arrive()).isLessThanOrEqualTo(13.5);
      assertThat(u.workingAt(u.arrive())).isTrue();
      assertThat(u.workingAt(u.lunch())).isFalse();
      if (u.returns()) {
        assertThat(u.back()).isBetween(u.lunch() + 0.5, u.lunch() + 2.0);
        assertThat(u.leave()).isBetween(16.5, 18.5).isGreaterThan(u.back());
        assertThat(u.workingAt(u.back())).isTrue();
        assertThat(u.workingAt(u.leave())).isFalse();
      } else {
        assertThat(u.workingAt(15)).isFalse();
      }
    });
    // some come back after lunch, some do not; of those who leave, some stop their workspace, some leave it idle
    assertThat(users).anyMatch(WorkingDay.User::returns).anyMatch(u -> !u.returns())
        .anyMatch(WorkingDay.User::stopsAtLeave).anyMatch(u -> !u.stopsAtLeave());
  }

  @Test
  void aShareOfTheUsersAsksForAGpuAndTheDayIsTheSameForTheSameSeed() {
    List<WorkingDay.User> users = WorkingDay.users(TEAMS, 25, 0.2, 42);

    assertThat(users.stream().filter(WorkingDay.User::gpu).count()).isEqualTo(20);
    assertThat(WorkingDay.users(TEAMS, 25, 0.2, 42)).isEqualTo(users);
    assertThat(WorkingDay.users(TEAMS, 25, 0.2, 7)).isNotEqualTo(users);
    assertThat(WorkingDay.users(TEAMS, 25, 0, 42)).noneMatch(WorkingDay.User::gpu);
  }

  @Test
  void theClockOfTheSimulatedDay() {
    assertThat(WorkingDay.clock(8.5)).isEqualTo("08:30");
    assertThat(WorkingDay.clock(23.99)).isEqualTo("23:59");
  }

  @Test
  void aStartTheUserStopsWhileItWaitsIsGivenUpNotForgotten() {
    WorkingDay.Starts book = new WorkingDay.Starts();
    book.requested("team-a/ada", 10);
    book.requested("team-a/ada", 20); // asked again while waiting: the first time stays
    book.requested("team-a/bob", 12);
    book.requested("team-a/cy", 14);
    book.ran("team-a/bob", true, 30);
    book.stopped("team-a/ada"); // leaves in the evening, never having had it
    book.stopped("team-a/bob"); // stops one that ran: nothing is given up

    assertThat(book.ran()).extracting(r -> r[0] + " " + r[2] + " " + r[3])
        .containsExactly("team-a/bob#1 12.000 30.000");
    assertThat(book.gaveUp()).isEqualTo(1);
    assertThat(book.neverRan()).containsExactly(entry("team-a/ada#gave-up", 10.0), entry("team-a/cy#pending", 14.0));
    assertThat(book.waiting("team-a/ada")).isFalse();
    assertThat(book.waiting("team-a/cy")).isTrue();
  }
}
