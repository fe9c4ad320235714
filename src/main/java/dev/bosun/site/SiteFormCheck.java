package dev.bosun.site;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.server.Names;

/** The checks of the site form that need the stored fleet; all violations are reported at once. */
final class SiteFormCheck {

    static final int MAX_ALIASES = 50;

    private SiteFormCheck() {
    }

    static SiteForm check(SiteForm form, SiteQueries sites, SiteOptions options) {
        List<Violation> violations = new ArrayList<>();
        String domain = normalize(form.domain());
        domainViolation("domain", domain, sites, null, true).ifPresent(violations::add);
        List<String> aliases = aliases(form.aliases());
        aliasViolations("aliases", aliases, domain, sites, true, violations);
        String language = form.language() == null || form.language().isBlank() ? SiteOptions.DEFAULT_LANGUAGE
                : form.language();
        platformViolations(form, language, options, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SiteForm(domain, form.clientId(), form.profile(), form.platformId(), language, form.dbServiceId(),
                String.join("\n", aliases), form.redirectAliases());
    }

    private static void platformViolations(SiteForm form, String language, SiteOptions options,
                                           List<Violation> violations) {
        SiteFormOptions offered = options.forForm(form.profile(), form.platformId());
        if (offered.clients().stream().noneMatch(client -> client.id() == form.clientId())) {
            violations.add(new Violation("clientId", "Choose an existing client."));
        }
        if (!offered.profiles().contains(form.profile())) {
            violations.add(new Violation("profile", "No enabled platform offers this install profile."));
        } else if (offered.platforms().stream().noneMatch(platform -> platform.id() == form.platformId())) {
            violations.add(new Violation("platformId",
                    "Choose an enabled platform that offers the profile " + form.profile() + "."));
        } else if (!offered.languages().contains(language)) {
            violations.add(new Violation("language", "The platform offers no " + language + " translation."));
        } else {
            options.webPlacementProblem(form.platformId())
                    .ifPresent(problem -> violations.add(new Violation("platformId", problem)));
        }
        if (offered.dbServers().stream().noneMatch(db -> db.id() == form.dbServiceId())) {
            violations.add(new Violation("dbServiceId", "Choose an existing database server."));
        } else {
            options.dbPlacementProblem(form.dbServiceId())
                    .ifPresent(problem -> violations.add(new Violation("dbServiceId", problem)));
        }
    }

    /**
     * What is wrong with {@code domain} (already normalized) as the domain of a new site, or of the site
     * {@code exceptSiteId} (a rename, which may keep the site's own domain): not a hostname, or another
     * live site's domain or alias. Staff learn which site holds it; a client user ({@code staff} false) only
     * that it is not available, so that no client learns of another client's domains.
     */
    static Optional<Violation> domainViolation(String field, String domain, SiteQueries sites, Long exceptSiteId,
                                               boolean staff) {
        Optional<String> problem = Names.domainProblem(domain);
        if (problem.isPresent()) {
            return Optional.of(new Violation(field, "Not a valid domain: " + problem.get() + "."));
        }
        return sites.domainHolder(domain, exceptSiteId).map(holder -> new Violation(field, !staff
                ? "This domain is not available."
                : "This domain is already used by site " + holder.site() + (holder.alias() ? " as an alias." : ".")));
    }

    /** Adds what is wrong with each alias of a new site whose domain is {@code domain}. */
    static void aliasViolations(String field, List<String> aliases, String domain, SiteQueries sites, boolean staff,
                                List<Violation> violations) {
        aliasViolations(field, aliases, domain, sites, null, staff, violations);
    }

    /** The same for the site {@code exceptSiteId} (null for a new site), which may keep its own aliases. */
    static void aliasViolations(String field, List<String> aliases, String domain, SiteQueries sites,
                                Long exceptSiteId, boolean staff, List<Violation> violations) {
        if (aliases.size() > MAX_ALIASES) {
            violations.add(new Violation(field, "At most " + MAX_ALIASES + " aliases."));
            return;
        }
        for (String alias : aliases) {
            Optional<String> problem = Names.domainProblem(alias);
            if (problem.isPresent()) {
                violations.add(new Violation(field, "Not a valid domain: \"" + Names.printable(alias) + "\" ("
                        + problem.get() + ")"));
            } else if (alias.equals(domain)) {
                violations.add(new Violation(field, "An alias cannot be the site's own domain: " + alias));
            } else {
                sites.domainHolder(alias, exceptSiteId).ifPresent(holder -> violations.add(new Violation(field, !staff
                        ? alias + " is not available."
                        : alias + " is already used by site " + holder.site() + (holder.alias() ? " as an alias." : "."))));
            }
        }
    }

    /** The aliases of the form's text: one per line (or separated by spaces or commas), lowercase, once each. */
    static List<String> aliases(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        Arrays.stream(text.split("[\\s,]+")).map(SiteFormCheck::normalize).filter(a -> !a.isEmpty()).forEach(unique::add);
        return List.copyOf(unique);
    }

    static String normalize(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
