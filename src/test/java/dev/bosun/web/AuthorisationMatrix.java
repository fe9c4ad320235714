package dev.bosun.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expected table of who may call which handler mapping: one line per {@code METHOD pattern},
 * then one outcome per caller ({@link #CALLERS}): {@code allow}, {@code deny}, or {@code any} (not
 * checked, with the reason in a comment). Lines starting with {@code #} are comments.
 */
final class AuthorisationMatrix {

    enum Outcome { ALLOW, DENY, ANY }

    static final List<String> CALLERS = List.of("anonymous", "clientA", "clientB", "operator", "admin");

    private final Map<String, List<Outcome>> rows;

    private AuthorisationMatrix(Map<String, List<Outcome>> rows) {
        this.rows = rows;
    }

    static AuthorisationMatrix read(InputStream in) throws IOException {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    static AuthorisationMatrix parse(String text) {
        Map<String, List<Outcome>> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] cells = content.split("\\s+");
            if (cells.length != 2 + CALLERS.size()) {
                throw new IllegalArgumentException("Want METHOD pattern and " + CALLERS.size() + " outcomes: " + line);
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 2; i < cells.length; i++) {
                outcomes.add(Outcome.valueOf(cells[i].toUpperCase()));
            }
            if (rows.put(cells[0] + " " + cells[1], outcomes) != null) {
                throw new IllegalArgumentException("Listed twice: " + cells[0] + " " + cells[1]);
            }
        }
        return new AuthorisationMatrix(rows);
    }

    /** The mappings of the application that the table does not list: each one is a failure. */
    Set<String> unlisted(Collection<String> mappings) {
        Set<String> missing = new TreeSet<>(mappings);
        missing.removeAll(rows.keySet());
        return missing;
    }

    /** The table's rows that no longer match a mapping of the application. */
    Set<String> stale(Collection<String> mappings) {
        Set<String> stale = new TreeSet<>(rows.keySet());
        stale.removeAll(mappings);
        return stale;
    }

    Outcome expected(String mapping, String caller) {
        return rows.get(mapping).get(CALLERS.indexOf(caller));
    }

    /**
     * What a response means: denied for 401, 403, 404 (hidden) and a redirect to the login page; an error
     * of the panel (5xx) is neither and is reported; everything else (2xx, 3xx elsewhere, 4xx of bad
     * input or state) means the caller was let through.
     */
    static Outcome classify(int status, String redirect) {
        if (status == 401 || status == 403 || status == 404) {
            return Outcome.DENY;
        }
        if (status >= 300 && status < 400 && redirect != null && redirect.matches("(https?://[^/]+)?/login([?#].*)?")) {
            return Outcome.DENY;
        }
        if (status >= 500) {
            throw new IllegalStateException("The panel failed (" + status + ")");
        }
        return Outcome.ALLOW;
    }
}
