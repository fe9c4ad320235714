package dev.bosun.account.internal;

import java.io.IOException;

import dev.bosun.DatabaseUnreachable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers API calls that are not signed in (401) or not allowed (403) with problem+json, never a redirect;
 * when the sign-in could not be checked because the panel's database is unreachable, 503.
 */
class ProblemDetailsSecurityHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (DatabaseUnreachable.causes(e)) {
            write(response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnreachable.TITLE, DatabaseUnreachable.DETAIL,
                    request.getRequestURI());
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Bosun\", Bearer");
        boolean specific = e instanceof LockedException || BearerTokenFilter.REJECTED.equals(e.getMessage());
        String detail = specific ? e.getMessage() : "Sign in with HTTP Basic or an API token (Authorization: Bearer).";
        write(response, HttpStatus.UNAUTHORIZED, detail, request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "Your role does not allow this call.", request.getRequestURI());
    }

    private static void write(HttpServletResponse response, HttpStatus status, String detail, String instance)
            throws IOException {
        write(response, status, status.getReasonPhrase(), detail, instance);
    }

    private static void write(HttpServletResponse response, HttpStatus status, String title, String detail,
                              String instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + json(title)
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + json(detail)
                + "\",\"instance\":\"" + json(instance) + "\"}");
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
