package dev.bosun.notify.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notifications are delivered ({@code bosun.notify.*}), documented in docs/security.md.
 *
 * @param attempts tries per channel (mail, webhook) before the failure is logged
 * @param backoff  the wait before the second try; it doubles before each further one
 * @param timeout  how long one webhook call or mail connection may take
 * @param queue    notifications waiting at most; more are dropped with a warning
 */
@ConfigurationProperties("bosun.notify")
public record NotifyProperties(
        @DefaultValue("3") int attempts,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1000") int queue) {
}
