package dev.bosun.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as typed: a number where text is expected, {@code 1.5} for a whole number,
 * {@code "1"} for a number, a list for a single value are refused (422 naming the field) instead of
 * coerced. Only the server's converter; the panel's own stored JSON is read as before.
 */
@Configuration(proxyBeanMethods = false)
class StrictApiJson {

    @Bean
    @Order(10)
    ServerHttpMessageConvertersCustomizer strictJsonConverter(JsonMapper mapper) {
        JsonMapper strict = strict(mapper.rebuild()).build();
        return builder -> builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
    }

    static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(LogicalType.Textual, config -> refuse(config,
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, config -> refuse(config,
                        CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, config -> refuse(config,
                        CoercionInputShape.String, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, config -> refuse(config,
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String));
    }

    private static void refuse(tools.jackson.databind.cfg.MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }
}
