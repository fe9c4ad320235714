package dev.bosun.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.bosun.task.JournalEntry;
import dev.bosun.test.TestHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Task handlers for tests. What they do is recorded in {@link #JOURNAL} (shared by every
 * application context of the JVM, so a test with two nodes sees both).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTaskHandlers {

    /** Entries like "steps@4711 undo two" (type, target id, what), in the order they happened. */
    public static final List<String> JOURNAL = new CopyOnWriteArrayList<>();
    public static final List<TaskFinished> FINISHED = new CopyOnWriteArrayList<>();
    /** Latches a "block" task waits on, by target id (unique per test, unlike task ids): the test opens them. */
    public static final Map<Long, CountDownLatch> GATES = new ConcurrentHashMap<>();

    /** Latches the second step of a "two-gates" task waits on, by target id. */
    public static final Map<Long, CountDownLatch> SECOND_GATES = new ConcurrentHashMap<>();

    public static CountDownLatch gate(long target) {
        return GATES.computeIfAbsent(target, id -> new CountDownLatch(1));
    }

    public static CountDownLatch secondGate(long target) {
        return SECOND_GATES.computeIfAbsent(target, id -> new CountDownLatch(1));
    }

    /** What the handlers did for this target. */
    public static List<String> journal(long target) {
        String prefix = "@" + target + " ";
        return JOURNAL.stream().filter(entry -> entry.contains(prefix)).map(entry -> entry.substring(
                entry.indexOf(prefix) + prefix.length())).toList();
    }

    /** Runs the steps named in args "steps"; "failAt" names the one that throws, "warnAt" the one that warns. */
    @Bean
    TaskHandler stepsHandler() {
        return TestHandler.site("steps", run -> {
            @SuppressWarnings("unchecked")
            List<String> steps = (List<String>) run.args().getOrDefault("steps", List.of("one"));
            for (String name : steps) {
                run.step(name, step -> {
                    JournalEntry change = step.record("change", "the change of " + name, Map.of("name", name));
                    JOURNAL.add("steps@" + run.targetId() + " run " + name);
                    step.info("Running " + name);
                    change.done();
                    if (name.equals(run.args().get("warnAt"))) {
                        step.warning("Something looks odd in " + name);
                    }
                    if (name.equals(run.args().get("failAt"))) {
                        throw new IllegalStateException(name + " broke");
                    }
                });
            }
        }).undoing((run, entry) -> {
            String name = (String) entry.data(Map.class).get("name");
            JOURNAL.add("steps@" + run.targetId() + " undo " + name);
            run.log().info("Taking back " + name);
        });
    }

    /** Declares the secret in args "secret" and then logs it. */
    @Bean
    TaskHandler secretHandler() {
        return TestHandler.site("secret", run -> {
            String secret = (String) run.args().get("secret");
            run.log().info("before: " + secret);
            run.log().secret(secret);
            run.step("use", step -> {
                step.output("mysql --password=" + secret + " ok");
                throw new IllegalStateException("access denied for " + secret);
            });
        });
    }

    /** Writes the number of lines in args "lines" (default 1), one step. */
    @Bean
    TaskHandler noopHandler() {
        return TestHandler.site("noop", run -> run.step("work", step -> {
            int lines = ((Number) run.args().getOrDefault("lines", 1)).intValue();
            for (int i = 1; i <= lines; i++) {
                step.output("line " + i);
            }
        }));
    }

    /** Step "prepare" (with an undo), then step "wait" that blocks until the test opens the task's gate. */
    @Bean
    TaskHandler blockHandler() {
        return TestHandler.site("block", run -> {
            JOURNAL.add("block@" + run.targetId() + " start");
            run.step("prepare", step -> {
                step.record("prepared", "what prepare made", Map.of()).done();
                step.info("prepared");
            });
            run.step("wait", step -> {
                step.info("waiting for the gate");
                JOURNAL.add("block@" + run.targetId() + " waiting");
                awaitUninterruptibly(gate(run.targetId()));
                step.info("gate opened");
            });
            JOURNAL.add("block@" + run.targetId() + " end");
        }).undoing((run, entry) -> {
            JOURNAL.add("block@" + run.targetId() + " recover-undo " + entry.step());
            run.log().info("Recovered " + entry.step());
        });
    }

    /**
     * Step "first" waits for the task's gate; step "welcome mail" warns "no mail server configured" and waits for
     * the second gate.
     */
    @Bean
    TaskHandler twoGatesHandler() {
        return TestHandler.site("two-gates", run -> {
            run.step("first", step -> {
                step.info("first is waiting");
                JOURNAL.add("two-gates@" + run.targetId() + " first");
                awaitUninterruptibly(gate(run.targetId()));
            });
            run.step("welcome mail", step -> {
                step.output("mail: looking for a mail server");
                step.warning("no mail server configured");
                JOURNAL.add("two-gates@" + run.targetId() + " second");
                awaitUninterruptibly(secondGate(run.targetId()));
                step.info("welcome mail skipped");
            });
        });
    }

    /** Logs like a site task that runs commands on the panel's and a server's paths, then fails on one. */
    @Bean
    TaskHandler commandsHandler() {
        return TestHandler.site("commands", run -> run.step("deploy", step -> {
            step.info("$ drush --root=/var/aegir/platforms/d10 status --format=json");
            step.output("drupal-version: 10.3.1  root: /var/aegir/platforms/d10");
            step.info("Wrote /srv/bosun/config/master/nginx/vhost.d/" + run.targetId() + ".example.com");
            step.ok("The site answers at https://" + run.targetId() + ".example.com/user/login (HTTP 200)");
            step.warning("sites/default/files is not writable; 3/4 checks passed");
            throw new IllegalStateException("cannot read /var/aegir/platforms/d10/sites/x/settings.php");
        }));
    }

    /** A server task of a type no feature module has (the server module registers the real "verify"). */
    @Bean
    TaskHandler serverProbeHandler() {
        return TestHandler.server("probe", run -> run.log().ok("probed"));
    }

    @Bean
    FinishedListener finishedListener() {
        return new FinishedListener();
    }

    static class FinishedListener {
        @TransactionalEventListener
        void on(TaskFinished event) {
            FINISHED.add(event);
        }
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                if (latch.await(60, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
