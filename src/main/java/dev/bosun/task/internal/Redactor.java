package dev.bosun.task.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one redaction mechanism of task logs: every value declared secret is masked in each later line. */
final class Redactor {

    static final String MASK = "********";

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    void add(String secret) {
        if (secret != null && !secret.isEmpty() && !secrets.contains(secret)) {
            secrets.add(secret);
            secrets.sort((a, b) -> b.length() - a.length());
        }
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
