package dev.bosun.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Model values the layout needs on every page: the active navigation section and the user's role. */
@ControllerAdvice
class LayoutAdvice {

    @ModelAttribute("navSection")
    String navSection(HttpServletRequest request) {
        return NavSection.of(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @ModelAttribute("currentRole")
    String currentRole(Authentication authentication) {
        if (authentication == null) {
            return null;
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .findFirst()
                .orElse(null);
    }
}
