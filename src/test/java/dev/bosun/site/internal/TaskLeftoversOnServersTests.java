package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.DbType;
import dev.bosun.server.LineSink;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.site.RunningMaster;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a task that died leaves on the site's servers: processes stopped by its tag, restore folders removed. */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class TaskLeftoversOnServersTests extends RunningMaster {

    @Autowired
    SiteOperations operations;

    @Test
    void stopTaskProcessesStopsWhatTheTaskLeftRunningOnTheSitesWebServer() throws Exception {
        long siteId = installedSite("stop", examplePlatform("example-base"), dbService(DbType.MARIADB));
        SiteContext context = operations.context(siteId);
        long deadTask = finished(siteId, "install").id();
        String tag = TrackedProcesses.taskTag(deadTask);
        CompletableFuture<CommandResult> left = CompletableFuture.supplyAsync(() -> context.shell()
                .runTracked(tag, Command.of("sleep", "600"), LineSink.NONE, Duration.ofMinutes(15)));
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", tag);
        String pgid = await().atMost(Duration.ofSeconds(30))
                .until(() -> context.shell().run(pidFiles, LineSink.NONE, Duration.ofSeconds(30)).stdout(),
                        line -> !line.isBlank()).strip().split(" ")[0];
        RecordingTaskRun recovery = RecordingTaskRun.any();

        int stopped = operations.stopTaskProcesses(deadTask, List.of(context, context), recovery.log());

        assertThat(stopped).isEqualTo(1);
        assertThat(recovery.messages("OK")).singleElement().asString()
                .contains("Stopped process group " + pgid + " (sleep)").contains("task " + deadTask);
        assertThat(context.shell().run(Command.script("kill -s 0 \"$1\" 2>/dev/null", pgid), LineSink.NONE,
                Duration.ofSeconds(30)).ok()).as("the process is gone").isFalse();
        assertThat(left.get(60, TimeUnit.SECONDS).ok()).isFalse();
    }

    @Test
    void theNextTaskOfTheSiteRemovesTheRestoreFolderOfATaskThatDied() throws Exception {
        long siteId = installedSite("folders", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long deadTask = finished(siteId, "install").id();
        Path sites = siteDirectory(siteId).getParent();
        String domain = site(siteId).domain();
        Path leftover = Files.createDirectories(sites.resolve("." + domain + ".restore-" + deadTask + "/files"));
        Path notATasks = Files.createDirectories(sites.resolve("." + domain + ".restore-kept"));

        TaskSummary verify = queue(siteId, SiteTaskType.VERIFY);

        assertThat(leftover.getParent()).doesNotExist();
        assertThat(notATasks).exists();
        assertThat(log(verify)).contains("Removed " + sites + "/." + domain + ".restore-" + deadTask
                + ", which the interrupted task " + deadTask + " left");
    }
}
