package dev.bosun.demo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo profile's settings ({@code bosun.demo.*}; {@code BOSUN_DEMO_DB_HOST} and friends for
 * the sites' MariaDB).
 */
@ConfigurationProperties("bosun.demo")
record DemoProperties(@DefaultValue Db db, @DefaultValue("8088") int httpPort, @DefaultValue("8443") int httpsPort,
                      @DefaultValue("examples/platforms") Path platforms) {

    record Db(@DefaultValue("127.0.0.1") String host, @DefaultValue("3306") int port,
              @DefaultValue("root") String user, @DefaultValue("") String password) {
    }
}
