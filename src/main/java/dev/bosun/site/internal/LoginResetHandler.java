package dev.bosun.site.internal;

import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Login reset: {@code drush user:login --uid=1}; the site page then offers "Log in to" until the link is used. */
@Component
class LoginResetHandler extends SiteHandler {

    LoginResetHandler(SiteOperations operations, SiteJournal journal) {
        super(operations, journal, SiteTaskType.LOGIN_RESET);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("login link", step -> operations.loginLink(context, step));
    }
}
