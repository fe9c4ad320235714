package dev.bosun.platform.internal;

import dev.bosun.drupal.PackageType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** {@code packages.type} holds the package type's lower-case code ({@code module}, {@code theme}, …). */
@Converter
class PackageTypeCode implements AttributeConverter<PackageType, String> {

    @Override
    public String convertToDatabaseColumn(PackageType type) {
        return type == null ? null : type.code();
    }

    @Override
    public PackageType convertToEntityAttribute(String code) {
        return code == null ? null : PackageType.fromCode(code);
    }
}
