package dev.bosun.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.bosun.test.BosunTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A panel with the {@link TestTaskHandlers} and short leases, shared by the task tests (one
 * application context). Tests pick fresh target ids from {@link Targets}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@BosunTest
@Import(TestTaskHandlers.class)
@TestPropertySource(properties = {"bosun.tasks.lease=2s", "bosun.tasks.sweep-interval=1s",
        "bosun.tasks.log-flush=50ms", "bosun.tasks.pool-size=4", "bosun.tasks.per-server-limit=2"})
public @interface TaskTest {
}
