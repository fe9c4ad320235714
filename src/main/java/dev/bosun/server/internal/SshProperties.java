package dev.bosun.server.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** SSH client settings ({@code bosun.ssh.*}): how long to wait for a server, how often to check an idle connection. */
@ConfigurationProperties("bosun.ssh")
public record SshProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration keepAlive) {

    public static SshProperties defaults() {
        return new SshProperties(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
