package dev.bosun.task.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dispatcher's settings ({@code bosun.tasks.*}), documented in docs/tasks.md.
 *
 * @param dispatch       whether this node runs tasks (a node that only serves pages may turn it off)
 * @param poolSize       tasks this node runs at once
 * @param perServerLimit tasks running at once, over all nodes, that load the same server
 * @param lease          how long a claim holds without a heartbeat before another node recovers the task
 * @param sweepInterval  how often each node (and the Quartz sweep) looks for expired leases and for the claims
 *                       of stopped panel processes on its host; a task of a dead node is taken over within
 *                       lease + sweep interval
 * @param logFlush       how long a log line may wait to be written with others
 * @param shutdownGrace  how long a stopping node waits for its running tasks before leaving them to recovery
 * @param logRetentionDays default age in days after which the logs of finished tasks are deleted
 * @param nodeName       this node's lease owner name; empty picks host, pid and a random suffix
 */
@ConfigurationProperties("bosun.tasks")
public record TaskProperties(
        @DefaultValue("true") boolean dispatch,
        @DefaultValue("4") int poolSize,
        @DefaultValue("2") int perServerLimit,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("100ms") Duration logFlush,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("90") int logRetentionDays,
        String nodeName) {

    public TaskProperties {
        if (poolSize < 1 || perServerLimit < 1) {
            throw new IllegalArgumentException("bosun.tasks.pool-size and per-server-limit must be at least 1");
        }
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("bosun.tasks.lease must be at least 300ms");
        }
    }

    /** Heartbeats renew the lease three times per lease period, so one late beat loses nothing. */
    public Duration heartbeat() {
        return lease.dividedBy(3);
    }
}
