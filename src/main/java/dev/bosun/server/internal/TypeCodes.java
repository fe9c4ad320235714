package dev.bosun.server.internal;

import java.util.Locale;

import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** {@code services.type} holds the lower-case enum name ({@code nginx}, {@code postgresql}, …), as it always has. */
final class TypeCodes {

    private TypeCodes() {
    }

    @Converter
    static final class Http implements AttributeConverter<HttpType, String> {

        @Override
        public String convertToDatabaseColumn(HttpType type) {
            return type == null ? null : type.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public HttpType convertToEntityAttribute(String code) {
            return code == null ? null : HttpType.valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    @Converter
    static final class Db implements AttributeConverter<DbType, String> {

        @Override
        public String convertToDatabaseColumn(DbType type) {
            return type == null ? null : type.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public DbType convertToEntityAttribute(String code) {
            return code == null ? null : DbType.valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
