package dev.bosun.platform.internal;

import dev.bosun.drupal.PackageType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code packages}: a name and type shared by every platform and site that has the package. Rows are
 * added by {@link PackageStore}'s insert-if-absent, never changed through the entity.
 */
@Entity
@Table(name = "packages")
@Immutable
class PackageEntity {

    @Id
    private Long id;

    @Column(nullable = false)
    private String name;

    @Convert(converter = PackageTypeCode.class)
    @Column(nullable = false)
    private PackageType type;

    protected PackageEntity() {
    }

    String getName() {
        return name;
    }

    PackageType getType() {
        return type;
    }
}
