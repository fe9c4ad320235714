package dev.bosun.site.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One more name a site answers to, optionally redirecting to its domain. */
@Entity
@Table(name = "site_aliases")
class SiteAliasEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "site_id", nullable = false)
    private Site site;

    @Column(nullable = false)
    private String alias;

    @Column(nullable = false)
    private boolean redirect;

    protected SiteAliasEntry() {
    }

    SiteAliasEntry(Site site, String alias, boolean redirect) {
        this.site = site;
        this.alias = alias;
        this.redirect = redirect;
    }

    String alias() {
        return alias;
    }

    void redirect(boolean redirect) {
        this.redirect = redirect;
    }
}
