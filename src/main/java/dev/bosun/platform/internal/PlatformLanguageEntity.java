package dev.bosun.platform.internal;

import java.io.Serializable;

import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of {@code platform_languages}: a translation a platform's profile ships (written in bulk by the scan). */
@Entity
@Table(name = "platform_languages")
@Immutable
class PlatformLanguageEntity {

    @EmbeddedId
    private Key key;

    protected PlatformLanguageEntity() {
    }

    ScannedLanguage language() {
        return new ScannedLanguage(key.profile(), key.langcode());
    }

    @Embeddable
    record Key(@Column(name = "platform_id") long platformId, @Column(nullable = false) String profile,
               @Column(nullable = false) String langcode) implements Serializable {
    }
}
