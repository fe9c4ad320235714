package dev.bosun.site.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;
import dev.bosun.site.CronResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs {@code drush core:cron} for the sites this node claims, on a pool of its own (never the task
 * dispatcher's): at each tick it claims as many due sites as it has free threads.
 */
@Component
class CronRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CronRunner.class);

    private final CronClaims claims;
    private final SiteOperations operations;
    private final CronProperties properties;
    private final ExecutorService pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String node;

    CronRunner(CronClaims claims, SiteOperations operations, CronProperties properties) {
        this.claims = claims;
        this.operations = operations;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.poolSize(), runnable -> {
            Thread thread = new Thread(runnable, "cron-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.node = nodeName();
    }

    /** Claims due sites up to the free threads and starts their runs; returns what it claimed. */
    List<CronClaim> tick() {
        if (!properties.run()) {
            return List.of();
        }
        int free = properties.poolSize() - inFlight.get();
        if (free <= 0) {
            return List.of();
        }
        List<CronClaim> claimed = claims.claim(free, node, properties.lease());
        for (CronClaim claim : claimed) {
            inFlight.incrementAndGet();
            pool.execute(() -> {
                try {
                    run(claim);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        return claimed;
    }

    private void run(CronClaim claim) {
        Output output = new Output(properties.outputLimit());
        CronResult result = CronResult.ERROR;
        Integer exitCode = null;
        try {
            SiteContext context = operations.context(claim.siteId());
            CommandResult ran = context.shell().run(Command.of(context.drush().cron().args()), output,
                    properties.timeout());
            exitCode = ran.exitCode();
            result = ran.ok() ? CronResult.SUCCESS : CronResult.ERROR;
        } catch (RuntimeException e) {
            output.line(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        try {
            claims.finish(claim, result, exitCode, output.text());
        } catch (RuntimeException e) {
            // the run stays unfinished until its lease ends; the next tick then ends it
            log.error("Cron: could not record the run of site {}: {}", claim.siteId(), e.getMessage(), e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The last {@code limit} characters of output, whole lines, with a note when earlier lines were cut. */
    static final class Output implements LineSink {

        private final int limit;
        private final Deque<String> lines = new ArrayDeque<>();
        private int length;
        private boolean cut;

        Output(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void line(String line) {
            String kept = line.length() > limit ? line.substring(line.length() - limit) : line;
            lines.addLast(kept);
            length += kept.length() + 1;
            while (length > limit && lines.size() > 1) {
                length -= lines.removeFirst().length() + 1;
                cut = true;
            }
        }

        synchronized String text() {
            return (cut ? "[earlier output cut]\n" : "") + String.join("\n", lines);
        }
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":" + UUID.randomUUID().toString()
                .substring(0, 6);
    }
}
