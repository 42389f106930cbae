package io.air9.platform.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The self-service REST API of the AIR9 platform. Kubernetes is its only store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlatformApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(PlatformApiApplication.class, args);
  }
}
