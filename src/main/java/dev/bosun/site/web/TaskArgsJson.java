package dev.bosun.site.web;

import java.util.Collection;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's {@code args} bound to the record of the task type: a key the type does not take, or a value of
 * the wrong JSON type ({@code "backupId": "abc"}, {@code "domain": ["x"]}) answers 422 naming it. What the
 * values mean (a backup of the site, a free domain, ...) is checked when the task is queued.
 */
@Component
class TaskArgsJson {

    private final JsonMapper json;

    TaskArgsJson(JsonMapper json) {
        this.json = json;
    }

    SiteTaskArgs read(SiteTaskType type, JsonNode args) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            args = json.createObjectNode();
        }
        if (!args.isObject()) {
            throw new InvalidInputException("args", "The task's arguments are a JSON object.");
        }
        onlyKnownKeys(type, args.propertyNames());
        try {
            return json.readerFor(type.argsType()).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(args);
        } catch (JacksonException e) {
            throw new InvalidInputException(field(e), expected(e));
        }
    }

    private static void onlyKnownKeys(SiteTaskType type, Collection<String> keys) {
        List<String> fields = SiteTaskArgs.fields(type);
        List<String> unknown = keys.stream().filter(key -> !fields.contains(key)).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        if (fields.isEmpty()) {
            throw new InvalidInputException("args", "The task " + type.key() + " takes no arguments.");
        }
        throw new InvalidInputException("args", "The task " + type.key() + " takes " + String.join(", ",
                fields.stream().sorted().toList()) + "; not " + String.join(", ", unknown) + ".");
    }

    /** The top-level property the value belongs to ({@code backupIds} for an item of it). */
    private static String field(JacksonException e) {
        return e.getPath().stream().map(JacksonException.Reference::getPropertyName).filter(name -> name != null)
                .findFirst().orElse("args");
    }

    private static String expected(JacksonException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == null) {
            return "A value of another JSON type is expected here.";
        }
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "Must be a number (an id).";
        }
        if (type == String.class) {
            return "Must be a string.";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "Must be a JSON array.";
        }
        return "A value of another JSON type is expected here.";
    }
}
