package dev.bosun.platform.internal;

import dev.bosun.platform.PlatformPackage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of {@code platform_packages}: a release found on a platform by its verify scan (written in bulk). */
@Entity
@Table(name = "platform_packages")
@Immutable
class PlatformPackageEntity {

    @Id
    private Long id;

    @Column(name = "platform_id", nullable = false)
    private long platformId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "package_id", nullable = false)
    private PackageEntity pkg;

    private String version;

    @Column(name = "schema_version")
    private Integer schemaVersion;

    private String path;

    private String title;

    @Column(nullable = false)
    private boolean hidden;

    protected PlatformPackageEntity() {
    }

    PlatformPackage platformPackage() {
        return new PlatformPackage(pkg.getName(), pkg.getType(), title, version, schemaVersion, path, hidden);
    }
}
