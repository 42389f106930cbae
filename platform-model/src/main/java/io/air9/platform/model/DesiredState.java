package io.air9.platform.model;

/** Whether the user wants the workspace's pod to run. */
public enum DesiredState {
  Running,
  Stopped
}
