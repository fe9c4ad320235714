package dev.bosun.site.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import dev.bosun.account.AccountService;
import dev.bosun.site.CronRun;
import dev.bosun.site.SiteCron;
import dev.bosun.site.SiteCronService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/sites/{id}/cron}: the site's cron interval and its last runs; PUT sets the interval. */
@RestController
@RequestMapping("/api/v1/sites/{id}/cron")
class SiteCronApiController {

    private final SiteCronService cron;
    private final AccountService accounts;

    SiteCronApiController(SiteCronService cron, AccountService accounts) {
        this.cron = cron;
        this.accounts = accounts;
    }

    @GetMapping
    CronResource show(Principal principal, @PathVariable long id) {
        return CronResource.of(cron.forSite(id, accounts.clientScope(principal.getName())));
    }

    /** {@code {"intervalSeconds": n}}: n seconds, 0 turns the site's cron off, null follows the panel's default. */
    @PutMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    CronResource update(Principal principal, @PathVariable long id, @RequestBody IntervalBody body) {
        return CronResource.of(cron.setInterval(id, body.intervalSeconds(), accounts.clientScope(principal.getName())));
    }

    record IntervalBody(Integer intervalSeconds) {
    }

    record CronResource(long siteId, Integer intervalSeconds, int effectiveIntervalSeconds, boolean enabled,
                        Instant nextRunAt, int consecutiveFailures, boolean failing, List<RunResource> runs) {

        static CronResource of(SiteCron cron) {
            return new CronResource(cron.siteId(), cron.intervalSeconds(), cron.effectiveIntervalSeconds(),
                    cron.enabled(), cron.enabled() ? cron.nextRunAt() : null, cron.consecutiveFailures(),
                    cron.failing(), cron.runs().stream().map(RunResource::of).toList());
        }
    }

    record RunResource(long id, Instant startedAt, Instant finishedAt, Long durationMillis, String result,
                       Integer exitCode, String output) {

        static RunResource of(CronRun run) {
            return new RunResource(run.id(), run.startedAt(), run.finishedAt(),
                    run.duration() == null ? null : run.duration().toMillis(), run.result().name(), run.exitCode(),
                    run.output());
        }
    }
}
