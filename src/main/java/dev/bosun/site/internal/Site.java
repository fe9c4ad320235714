package dev.bosun.site.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteStatus;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/**
 * The panel's record of a site: where it lives (platform, db service), its stored database credentials
 * (the password encrypted), its state and its login link. Private to the site module; what crosses module
 * lines is {@link dev.bosun.site.SiteSummary}.
 */
@Entity
@Table(name = "sites")
public class Site {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String domain;

    @Column(name = "client_id", nullable = false)
    private long clientId;

    @Column(name = "platform_id", nullable = false)
    private long platformId;

    @Column(name = "db_service_id", nullable = false)
    private long dbServiceId;

    @Column(nullable = false)
    private String profile;

    @Column(nullable = false)
    private String language;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SiteStatus status = SiteStatus.QUEUED;

    @Column(name = "db_name")
    private String dbName;

    @Column(name = "db_user")
    private String dbUser;

    @Column(name = "db_password_enc")
    private String dbPasswordEnc;

    @Column(name = "login_url")
    private String loginUrl;

    @Column(name = "login_url_pending", nullable = false)
    private boolean loginUrlPending;

    @Column(name = "installed_at")
    private Instant installedAt;

    @Column(name = "pending_db_updates")
    private Integer pendingDbUpdates;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = Instant.now();

    @OneToMany(mappedBy = "site", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("alias")
    private List<SiteAliasEntry> aliases = new ArrayList<>();

    protected Site() {
    }

    /** A new site, QUEUED until its install (or the clone that makes it) has run. */
    public Site(String domain, long clientId, long platformId, long dbServiceId, String profile, String language) {
        this.domain = domain;
        this.clientId = clientId;
        this.platformId = platformId;
        this.dbServiceId = dbServiceId;
        this.profile = profile;
        this.language = language;
    }

    @PreUpdate
    void touch() {
        updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getDomain() {
        return domain;
    }

    public long getPlatformId() {
        return platformId;
    }

    public long getDbServiceId() {
        return dbServiceId;
    }

    public SiteStatus getStatus() {
        return status;
    }

    public String getDbName() {
        return dbName;
    }

    public String getDbUser() {
        return dbUser;
    }

    public String getDbPasswordEnc() {
        return dbPasswordEnc;
    }

    public String getLoginUrl() {
        return loginUrl;
    }

    public boolean isLoginUrlPending() {
        return loginUrlPending;
    }

    public void addAlias(SiteAlias alias) {
        aliases.add(new SiteAliasEntry(this, alias.alias(), alias.redirect()));
    }

    /** Replaces the site's aliases with these: the ones kept stay their rows (one row per alias and site). */
    public void replaceAliases(List<SiteAlias> replacement) {
        aliases.removeIf(entry -> replacement.stream().noneMatch(alias -> alias.alias().equals(entry.alias())));
        for (SiteAlias alias : replacement) {
            aliases.stream().filter(entry -> entry.alias().equals(alias.alias())).findFirst()
                    .ifPresentOrElse(entry -> entry.redirect(alias.redirect()), () -> addAlias(alias));
        }
        updatedAt = Instant.now();
    }

    /** Enters a state; the first ENABLED records the install time, DELETED the deletion time. */
    public void enter(SiteStatus next) {
        status = next;
        if (next == SiteStatus.ENABLED && installedAt == null) {
            installedAt = Instant.now();
        }
        if (next == SiteStatus.DELETED) {
            deletedAt = Instant.now();
        }
    }

    /** The stored credentials of the site's database (the password as stored: encrypted); nulls for none. */
    public void storeCredentials(String name, String user, String passwordEnc) {
        this.dbName = name;
        this.dbUser = user;
        this.dbPasswordEnc = passwordEnc;
    }

    /** A fresh one-time login link, shown on the site page until it is followed once. */
    public void offerLoginLink(String url) {
        this.loginUrl = url;
        this.loginUrlPending = true;
    }

    /** How many database updates the last verify found pending. */
    public void recordPendingDatabaseUpdates(int count) {
        this.pendingDbUpdates = count;
    }

    public void spendLoginLink() {
        this.loginUrlPending = false;
    }

    /**
     * Records the site at a new domain, platform and db service. A login link of the old domain is
     * dropped: it would lead to an address the site no longer answers.
     */
    public void moveTo(String newDomain, long newPlatformId, long newDbServiceId) {
        if (!newDomain.equals(domain)) {
            loginUrl = null;
            loginUrlPending = false;
        }
        domain = newDomain;
        platformId = newPlatformId;
        dbServiceId = newDbServiceId;
    }

    /** Puts back a placement exactly as it was read (the password still encrypted). */
    public void place(String domain, long platformId, long dbServiceId, String dbName, String dbUser,
                      String dbPasswordEnc, String loginUrl, boolean loginUrlPending) {
        this.domain = domain;
        this.platformId = platformId;
        this.dbServiceId = dbServiceId;
        storeCredentials(dbName, dbUser, dbPasswordEnc);
        this.loginUrl = loginUrl;
        this.loginUrlPending = loginUrlPending;
    }
}
