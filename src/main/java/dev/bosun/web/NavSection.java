package dev.bosun.web;

import java.util.List;

/** Maps a request path to the navigation entry it belongs to. */
final class NavSection {

    private static final List<String> SECTIONS = List.of("sites", "platforms", "servers", "clients", "tasks", "admin");

    private NavSection() {
    }

    static String of(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "dashboard";
        }
        String first = path.substring(1).split("/", 2)[0];
        return SECTIONS.contains(first) ? first : "";
    }
}
