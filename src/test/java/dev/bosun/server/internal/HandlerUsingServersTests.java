package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.server.ServerService;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Task handlers of other modules use the server service, which queues tasks: the panel still starts. */
@BosunTest
@Import(HandlerUsingServersTests.Handlers.class)
@TestPropertySource(properties = {"bosun.test.context=server-handler", "bosun.tasks.dispatch=false"})
class HandlerUsingServersTests {

    @Autowired
    ServerService servers;

    @Test
    void aHandlerMayDependOnTheServerService() {
        assertThat(servers.list()).isNotNull();
    }

    @TestConfiguration
    static class Handlers {

        @Bean
        TaskHandler siteLikeHandler(ServerService servers) {
            return new TaskHandler() {
                @Override
                public TargetType targetType() {
                    return TargetType.SITE;
                }

                @Override
                public String type() {
                    return "uses-servers";
                }

                @Override
                public void run(TaskRun run) {
                    run.log().info(servers.list().size() + " servers");
                }
            };
        }
    }
}
