package dev.bosun.task.internal;

import dev.bosun.DatabaseUnreachable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.DatabaseUnreachable;
import dev.bosun.task.TaskLogLine.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's dispatcher: claims queued tasks from the table as soon as it is woken (by a local
 * queue commit, a NOTIFY from another node, a finished task or the Quartz sweep), runs them on a
 * fixed pool, keeps their leases alive, and recovers the tasks of nodes whose lease expired.
 */
@Component
public class Dispatcher implements SmartLifecycle {

    /** Starts after, and stops before, what the running tasks need. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final TaskProperties properties;
    private final TaskStore store;
    private final TaskRunner runner;
    private final TaskLogWriter logs;
    private final TransactionTemplate transactions;
    private final String node;
    private final NodeName self;
    private final AtomicInteger active = new AtomicInteger();
    /** The tasks this node's workers are running or recovering now: their leases are renewed, never taken over. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final Object wakeLock = new Object();
    private boolean wakePending;
    private volatile boolean started;
    private ThreadPoolExecutor workers;
    private ScheduledExecutorService heartbeat;
    private Thread loop;

    Dispatcher(TaskProperties properties, TaskStore store, TaskRunner runner, TaskLogWriter logs,
               TransactionTemplate transactions) {
        this.properties = properties;
        this.store = store;
        this.runner = runner;
        this.logs = logs;
        this.transactions = transactions;
        this.node = NodeName.of(properties.nodeName());
        this.self = NodeName.parse(node).orElseGet(() -> NodeName.current(""));
    }

    /** This node's name, the lease owner of the tasks it runs. */
    public String node() {
        return node;
    }

    /** Asks the dispatcher to look for work now; cheap, and wakes coalesce. */
    public void wake() {
        synchronized (wakeLock) {
            wakePending = true;
            wakeLock.notifyAll();
        }
    }

    /** Tasks this node is running or recovering. */
    public int active() {
        return active.get();
    }

    private void dispatchLoop() {
        while (started) {
            try {
                awaitWake();
                claimWhileSlotsFree();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The panel's database unreachable (a DataAccessException, or a TransactionException when no
                // transaction could even begin): the loop must outlive it, or this node never claims again.
                log.warn("Could not claim tasks, trying again at the next wake-up: {}", e.getMessage());
            }
        }
    }

    private void awaitWake() throws InterruptedException {
        synchronized (wakeLock) {
            while (!wakePending && started) {
                wakeLock.wait();
            }
            wakePending = false;
        }
    }

    private void claimWhileSlotsFree() {
        int free;
        while (started && (free = properties.poolSize() - active.get()) > 0) {
            int slots = free;
            List<ClaimedTask> claimed = transactions.execute(
                    tx -> store.claim(node, properties.lease(), slots, properties.perServerLimit()));
            for (ClaimedTask task : claimed) {
                submit(task.id(), () -> runner.run(task, node));
            }
            if (claimed.size() < slots) {
                return;
            }
        }
    }

    private void submit(long taskId, Runnable work) {
        active.incrementAndGet();
        running.add(taskId);
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    if (DatabaseUnreachable.causes(e)) {
                        log.warn("Task {} stopped on this node: the panel's database stayed unreachable ({}); it is "
                                + "recovered from its journal when its lease expires", taskId, e.getMessage());
                    } else {
                        log.error("A task worker failed", e);
                    }
                } finally {
                    running.remove(taskId);
                    active.decrementAndGet();
                    wake();
                }
            });
        } catch (RuntimeException e) {
            running.remove(taskId);
            active.decrementAndGet();
            throw e;
        }
    }

    /**
     * The sweep (run by Quartz on one node of the cluster): finishes or re-queues the tasks of
     * nodes whose lease expired, then wakes every node's dispatcher for work a wake-up missed.
     */
    public void sweep() {
        log.debug("Sweep on {}", node);
        if (started) {
            recoverExpiredLeases();
        }
        transactions.executeWithoutResult(tx -> store.notifyQueued());
        wake();
    }

    /**
     * This node's own look for stopped nodes, every sweep interval from its start, so recovery never waits for
     * the Quartz trigger to move off a dead node: the claims of an earlier panel process on this host that no
     * longer runs are taken over at once; those of other hosts once their lease expired.
     */
    void localSweep() {
        if (!started) {
            return;
        }
        try {
            recoverDeadProcessesOfThisHost();
            recoverExpiredLeases();
        } catch (RuntimeException e) {
            log.warn("Could not look for the tasks of stopped nodes, trying again in {}: {}",
                    properties.sweepInterval(), e.getMessage());
        }
    }

    private void recoverDeadProcessesOfThisHost() {
        List<String> dead = store.processingOwners(node).stream()
                .filter(owner -> NodeName.deadOnThisHost(owner, self)).toList();
        if (!dead.isEmpty()) {
            log.info("Taking over the tasks of {}: earlier panel process(es) on this host that no longer run", dead);
            recover(transactions.execute(tx -> store.takeOverFrom(dead, node, properties.lease())));
        }
    }

    private void recoverExpiredLeases() {
        recover(transactions.execute(tx -> store.takeOverExpired(node, properties.lease(), Set.copyOf(running))));
    }

    private void recover(List<ClaimedTask> expired) {
        for (ClaimedTask task : expired) {
            if (store.steps(task.id()).isEmpty()) {
                requeue(task);
            } else {
                log.info("Recovering task {} of stopped node {}", task.id(), task.previousOwner());
                submit(task.id(), () -> runner.recover(task, node));
            }
        }
    }

    private void requeue(ClaimedTask task) {
        transactions.executeWithoutResult(tx -> {
            if (store.requeue(task.id(), node)) {
                logs.appendNow(task.id(), Level.INFO, "Re-queued: node " + task.previousOwner()
                        + " stopped before the task began its first step.");
                store.notifyQueued();
            }
        });
        log.info("Re-queued task {} of stopped node {}", task.id(), task.previousOwner());
    }

    private void renewLeases() {
        if (running.isEmpty()) {
            return;
        }
        try {
            store.renewLeases(node, properties.lease(), Set.copyOf(running));
        } catch (RuntimeException e) {
            log.warn("Could not renew the task leases of {}: {}", node, e.getMessage());
        }
    }

    @Override
    public void start() {
        if (!properties.dispatch()) {
            log.info("Task dispatch is off on this node (bosun.tasks.dispatch=false)");
            return;
        }
        workers = new ThreadPoolExecutor(properties.poolSize(), properties.poolSize(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Threads.daemon("task-worker"));
        heartbeat = Executors.newScheduledThreadPool(2, Threads.daemon("task-heartbeat"));
        long beat = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
        started = true;
        heartbeat.scheduleWithFixedDelay(this::localSweep, 0, properties.sweepInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        loop = Threads.daemon("task-dispatcher").newThread(this::dispatchLoop);
        loop.start();
        log.info("Task dispatcher {} started: {} at once, {} per server, lease {}", node, properties.poolSize(),
                properties.perServerLimit(), properties.lease());
        wake();
    }

    /**
     * Stops claiming, waits {@code shutdown-grace} for the running tasks, then leaves the rest to
     * recovery by lease expiry, as if the node had died.
     */
    @Override
    public void stop() {
        if (!started) {
            return;
        }
        started = false;
        wake();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Stopping with {} task(s) still running; another node recovers them when their lease expires",
                        active.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
