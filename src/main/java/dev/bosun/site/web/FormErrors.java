package dev.bosun.site.web;

import java.util.Collection;

import dev.bosun.InvalidInputException;
import org.springframework.validation.BindingResult;

/** A refused task's violations on the dialog's fields; those of fields it does not have above them. */
final class FormErrors {

    private FormErrors() {
    }

    static void reject(BindingResult result, InvalidInputException refused, Collection<String> fields) {
        refused.violations().forEach(violation -> {
            if (fields.contains(violation.field())) {
                result.rejectValue(violation.field(), "invalid", violation.message());
            } else {
                result.reject("invalid", violation.message());
            }
        });
    }
}
