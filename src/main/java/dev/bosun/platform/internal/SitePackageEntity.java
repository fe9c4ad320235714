package dev.bosun.platform.internal;

import java.io.Serializable;

import dev.bosun.platform.SitePackage;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of {@code site_packages}: a package installed on a site, as the site's verify found it (written in bulk). */
@Entity
@Table(name = "site_packages")
@Immutable
class SitePackageEntity {

    @EmbeddedId
    private Key key;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "package_id", nullable = false, insertable = false, updatable = false)
    private PackageEntity pkg;

    private String version;

    @Column(name = "schema_version")
    private Integer schemaVersion;

    @Column(nullable = false)
    private boolean enabled;

    protected SitePackageEntity() {
    }

    SitePackage sitePackage() {
        return new SitePackage(pkg.getName(), pkg.getType(), version, schemaVersion, enabled);
    }

    @Embeddable
    record Key(@Column(name = "site_id") long siteId, @Column(name = "package_id") long packageId)
            implements Serializable {
    }
}
