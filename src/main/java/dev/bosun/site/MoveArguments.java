package dev.bosun.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.account.ClientScope;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.ServerService;
import org.springframework.stereotype.Component;

/**
 * The arguments of migrate ({@code {domain?, platformId?, dbServerId?}}, at least one changes) and clone
 * ({@code {domain, platformId, dbServerId, aliases[]}}), checked against the stored fleet. The answer names
 * every value (a migrate's unchanged ones filled in from the site), so the queued task says exactly what it
 * will do. All violations are reported at once.
 */
@Component
class MoveArguments {

    static final Set<String> MIGRATE_KEYS = Set.of("domain", "platformId", "dbServerId");
    static final Set<String> CLONE_KEYS = Set.of("domain", "platformId", "dbServerId", "aliases");

    private final SiteQueries sites;
    private final PlatformComparison comparison;
    private final ServerService servers;

    MoveArguments(SiteQueries sites, PlatformComparison comparison, ServerService servers) {
        this.sites = sites;
        this.comparison = comparison;
        this.servers = servers;
    }

    Map<String, Object> migrate(SiteSummary site, Map<String, Object> args) {
        onlyKeys("migrate", args, MIGRATE_KEYS);
        List<Violation> violations = new ArrayList<>();
        String domain = blank(args.get("domain")) ? site.domain() : SiteFormCheck.normalize(args.get("domain").toString());
        if (!domain.equals(site.domain())) {
            SiteFormCheck.domainViolation("domain", domain, sites, site.id()).ifPresent(violations::add);
            if (sites.aliases(site.id()).stream().anyMatch(alias -> alias.alias().equals(domain))) {
                violations.add(new Violation("domain", domain + " is an alias of this site: remove it from the "
                        + "aliases before the site takes it as its domain."));
            }
        }
        Long platformId = id(args.get("platformId"), site.platformId(), "platformId", "Choose a platform.", violations);
        Long dbServerId = id(args.get("dbServerId"), site.dbServiceId(), "dbServerId", "Choose a database server.",
                violations);
        platformViolation(site, platformId).ifPresent(violations::add);
        dbServerViolation(site, dbServerId).ifPresent(violations::add);
        if (violations.isEmpty() && domain.equals(site.domain()) && platformId == site.platformId()
                && dbServerId == site.dbServiceId()) {
            violations.add(new Violation("args", "Nothing would change: give the site a new domain, choose another "
                    + "platform or another database server."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("domain", domain);
        checked.put("platformId", platformId);
        checked.put("dbServerId", dbServerId);
        return checked;
    }

    Map<String, Object> clone(SiteSummary site, Map<String, Object> args) {
        onlyKeys("clone", args, CLONE_KEYS);
        List<Violation> violations = new ArrayList<>();
        String domain = blank(args.get("domain")) ? "" : SiteFormCheck.normalize(args.get("domain").toString());
        if (domain.isEmpty()) {
            violations.add(new Violation("domain", "Enter the new site's domain."));
        } else {
            SiteFormCheck.domainViolation("domain", domain, sites, null).ifPresent(violations::add);
        }
        List<String> aliases = aliases(args.get("aliases"));
        cloneAliasViolations(site, aliases, domain, violations);
        Long platformId = id(args.get("platformId"), null, "platformId", "Choose a platform for the clone.", violations);
        Long dbServerId = id(args.get("dbServerId"), null, "dbServerId", "Choose a database server for the clone.",
                violations);
        platformViolation(site, platformId).ifPresent(violations::add);
        dbServerViolation(site, dbServerId).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("domain", domain);
        checked.put("platformId", platformId);
        checked.put("dbServerId", dbServerId);
        checked.put("aliases", aliases);
        return checked;
    }

    /**
     * What is wrong with a clone's aliases: the original's own (Aegir's form fills them in to be changed),
     * and what the site form refuses (invalid, taken, the clone's domain).
     */
    private void cloneAliasViolations(SiteSummary site, List<String> aliases, String domain,
                                      List<Violation> violations) {
        List<String> originals = new ArrayList<>(sites.aliases(site.id()).stream().map(SiteAlias::alias).toList());
        originals.add(site.domain());
        List<String> reused = aliases.stream().filter(originals::contains).toList();
        if (!reused.isEmpty()) {
            violations.add(new Violation("aliases", String.join(", ", reused) + (reused.size() == 1 ? " belongs" : " belong")
                    + " to " + site.domain() + ": change or remove the original's aliases first."));
        }
        SiteFormCheck.aliasViolations("aliases", aliases.stream().filter(alias -> !reused.contains(alias)).toList(),
                domain, sites, violations);
    }

    /** Why the platform cannot take the site: unknown, locked, lacking the profile, or a comparison error. */
    private Optional<Violation> platformViolation(SiteSummary site, Long platformId) {
        if (platformId == null) {
            return Optional.empty();
        }
        Optional<MigrationTarget> target = comparison.targets(site.id(), ClientScope.ALL).stream()
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

    /** Why the db service cannot take the site's database: unknown, or another engine than the site's. */
    private Optional<Violation> dbServerViolation(SiteSummary site, Long dbServerId) {
        if (dbServerId == null) {
            return Optional.empty();
        }
        Optional<DbServiceInfo> chosen = servers.dbService(dbServerId);
        if (chosen.isEmpty()) {
            return Optional.of(new Violation("dbServerId", "There is no database server " + dbServerId + "."));
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

    /** The aliases as a JSON list or as the form's text (one per line, or separated by spaces or commas). */
    private static List<String> aliases(Object value) {
        if (value instanceof List<?> list) {
            return SiteFormCheck.aliases(String.join("\n", list.stream().map(String::valueOf).toList()));
        }
        return SiteFormCheck.aliases(value == null ? "" : value.toString());
    }

    private static Long id(Object value, Long absent, String field, String missing, List<Violation> violations) {
        if (blank(value)) {
            if (absent == null) {
                violations.add(new Violation(field, missing));
            }
            return absent;
        }
        if (value instanceof Number number && number.longValue() > 0) {
            return number.longValue();
        }
        if (value instanceof String text && text.strip().matches("[1-9]\\d{0,17}")) {
            return Long.parseLong(text.strip());
        }
        violations.add(new Violation(field, missing));
        return null;
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static void onlyKeys(String type, Map<String, Object> args, Set<String> keys) {
        List<String> unknown = args.keySet().stream().filter(key -> !keys.contains(key)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("args", "The task " + type + " takes " + String.join(", ",
                    keys.stream().sorted().toList()) + "; not " + String.join(", ", unknown) + ".");
        }
    }
}
