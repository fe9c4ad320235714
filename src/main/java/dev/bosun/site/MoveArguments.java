package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.account.ClientScope;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.platform.PlatformNotFoundException;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerService;
import org.springframework.stereotype.Component;

/**
 * The arguments of migrate ({@code {domain?, platformId?, dbServerId?}}, at least one changes) and clone
 * ({@code {domain, platformId, dbServerId, aliases[]}}), checked against the stored fleet and the platforms
 * the caller worked out once ({@link MoveTargets}). The answer names every value (a migrate's unchanged ones
 * filled in from the site), so the queued task says exactly what it will do. All violations are reported at
 * once.
 */
@Component
class MoveArguments {

    private final SiteQueries sites;
    private final ServerService servers;
    private final PlatformService platforms;

    MoveArguments(SiteQueries sites, ServerService servers, PlatformService platforms) {
        this.sites = sites;
        this.servers = servers;
        this.platforms = platforms;
    }

    SiteTaskArgs.Migrate migrate(SiteSummary site, SiteTaskArgs.Migrate args, List<MigrationTarget> offered,
                                 ClientScope scope) {
        SiteQueries.ClientChoices choices = sites.choices(scope);
        List<MigrationTarget> targets = allowed(offered, choices);
        List<Violation> violations = new ArrayList<>();
        String domain = blank(args.domain()) ? site.domain() : SiteFormCheck.normalize(args.domain());
        if (!domain.equals(site.domain())) {
            SiteFormCheck.domainViolation("domain", domain, sites, site.id(), scope.all()).ifPresent(violations::add);
            if (sites.aliases(site.id()).stream().anyMatch(alias -> alias.alias().equals(domain))) {
                violations.add(new Violation("domain", domain + " is an alias of this site: remove it from the "
                        + "aliases before the site takes it as its domain."));
            }
        }
        Long platformId = id(args.platformId(), site.platformId(), "platformId", "Choose a platform.", violations);
        Long dbServerId = id(args.dbServerId(), site.dbServiceId(), "dbServerId", "Choose a database server.",
                violations);
        platformViolation(site, platformId, targets).ifPresent(violations::add);
        webServerViolation(site, platformId).ifPresent(violations::add);
        dbServerViolation(site, dbServerId, choices).ifPresent(violations::add);
        if (violations.isEmpty() && domain.equals(site.domain()) && platformId == site.platformId()
                && dbServerId == site.dbServiceId()) {
            violations.add(new Violation("args", "Nothing would change: give the site a new domain, choose another "
                    + "platform or another database server."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SiteTaskArgs.Migrate(domain, platformId, dbServerId);
    }

    SiteTaskArgs.Clone clone(SiteSummary site, SiteTaskArgs.Clone args, List<MigrationTarget> offered,
                             ClientScope scope) {
        SiteQueries.ClientChoices choices = sites.choices(scope);
        List<MigrationTarget> targets = allowed(offered, choices);
        List<Violation> violations = new ArrayList<>();
        String domain = blank(args.domain()) ? "" : SiteFormCheck.normalize(args.domain());
        if (domain.isEmpty()) {
            violations.add(new Violation("domain", "Enter the new site's domain."));
        } else {
            SiteFormCheck.domainViolation("domain", domain, sites, null, scope.all()).ifPresent(violations::add);
        }
        List<String> aliases = SiteFormCheck.aliases(String.join("\n", args.aliases()));
        cloneAliasViolations(site, aliases, domain, scope.all(), violations);
        Long platformId = id(args.platformId(), null, "platformId", "Choose a platform for the clone.", violations);
        Long dbServerId = id(args.dbServerId(), null, "dbServerId", "Choose a database server for the clone.",
                violations);
        platformViolation(site, platformId, targets).ifPresent(violations::add);
        webServerViolation(site, platformId).ifPresent(violations::add);
        dbServerViolation(site, dbServerId, choices).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SiteTaskArgs.Clone(domain, platformId, dbServerId, aliases);
    }

    /**
     * What is wrong with a clone's aliases: the original's own (Aegir's form fills them in to be changed),
     * and what the site form refuses (invalid, taken, the clone's domain).
     */
    private void cloneAliasViolations(SiteSummary site, List<String> aliases, String domain, boolean staff,
                                      List<Violation> violations) {
        List<String> originals = new ArrayList<>(sites.aliases(site.id()).stream().map(SiteAlias::alias).toList());
        originals.add(site.domain());
        List<String> reused = aliases.stream().filter(originals::contains).toList();
        if (!reused.isEmpty()) {
            violations.add(new Violation("aliases", String.join(", ", reused) + (reused.size() == 1 ? " belongs" : " belong")
                    + " to " + site.domain() + ": change or remove the original's aliases first."));
        }
        SiteFormCheck.aliasViolations("aliases", aliases.stream().filter(alias -> !reused.contains(alias)).toList(),
                domain, sites, staff, violations);
    }

    /** Why the platform cannot take the site: unknown, locked, lacking the profile, or a comparison error. */
    private static Optional<Violation> platformViolation(SiteSummary site, Long platformId,
                                                         List<MigrationTarget> targets) {
        if (platformId == null) {
            return Optional.empty();
        }
        Optional<MigrationTarget> target = targets.stream()
                .filter(candidate -> candidate.platformId() == platformId).findFirst();
        if (target.isEmpty()) {
            return Optional.of(new Violation("platformId", "There is no platform " + platformId + "."));
        }
        if (!target.get().selectable()) {
            return Optional.of(new Violation("platformId", target.get().name() + " cannot take " + site.domain() + ": "
                    + target.get().reason()));
        }
        return Optional.empty();
    }

    /** Why the platform's web server cannot take a site now: its last verify failed. */
    private Optional<Violation> webServerViolation(SiteSummary site, Long platformId) {
        if (platformId == null || platformId == site.platformId()) {
            return Optional.empty();
        }
        try {
            return servers.placementProblem(platforms.get(platformId).serverId())
                    .map(problem -> new Violation("platformId", problem));
        } catch (PlatformNotFoundException unknown) {
            return Optional.empty(); // the platform check says "There is no platform …"
        }
    }

    /**
     * The platforms a user may choose: all for staff ({@code choices} null), for a client user those its own
     * sites use; any other is "no platform" to a client, as if it did not exist.
     */
    static List<MigrationTarget> allowed(List<MigrationTarget> targets, SiteQueries.ClientChoices choices) {
        return choices == null ? targets
                : targets.stream().filter(target -> choices.platformIds().contains(target.platformId())).toList();
    }

    /**
     * Why the db service cannot take the site's database: unknown (to a client user: not one its sites use),
     * or another engine than the site's.
     */
    private Optional<Violation> dbServerViolation(SiteSummary site, Long dbServerId, SiteQueries.ClientChoices choices) {
        if (dbServerId == null) {
            return Optional.empty();
        }
        Optional<DbServiceInfo> chosen = servers.dbService(dbServerId)
                .filter(service -> choices == null || choices.dbServiceIds().contains(service.id()));
        if (chosen.isEmpty()) {
            return Optional.of(new Violation("dbServerId", "There is no database server " + dbServerId + "."));
        }
        if (dbServerId != site.dbServiceId()) {
            Optional<String> problem = servers.dbPlacementProblem(dbServerId);
            if (problem.isPresent()) {
                return Optional.of(new Violation("dbServerId", problem.get()));
            }
        }
        DbServiceInfo current = servers.dbService(site.dbServiceId()).orElse(null);
        if (current != null && current.type().isMysqlFamily() != chosen.get().type().isMysqlFamily()) {
            return Optional.of(new Violation("dbServerId", "The site's database is " + engine(current)
                    + " and the chosen server runs " + engine(chosen.get()) + ": Bosun does not convert a database "
                    + "between engines. Choose a " + engine(current) + " server."));
        }
        return Optional.empty();
    }

    private static String engine(DbServiceInfo service) {
        return switch (service.type()) {
            case MARIADB -> "MariaDB";
            case MYSQL -> "MySQL";
            case POSTGRESQL -> "PostgreSQL";
        };
    }

    private static Long id(Long value, Long absent, String field, String missing, List<Violation> violations) {
        if (value == null) {
            if (absent == null) {
                violations.add(new Violation(field, missing));
            }
            return absent;
        }
        if (value <= 0) {
            violations.add(new Violation(field, missing));
            return null;
        }
        return value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
