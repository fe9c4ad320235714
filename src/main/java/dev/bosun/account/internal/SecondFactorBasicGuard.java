package dev.bosun.account.internal;

import java.io.IOException;

import dev.bosun.account.SecondFactors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A password alone (HTTP Basic) does not sign in a user who has a second factor: such users call the
 * API with a token, which they created after signing in with both.
 */
class SecondFactorBasicGuard extends OncePerRequestFilter {

    static final String REFUSED = "This user signs in with a second factor: call the API with an API token.";

    private final SecondFactors secondFactors;
    private final AuthenticationEntryPoint entryPoint;

    SecondFactorBasicGuard(SecondFactors secondFactors, AuthenticationEntryPoint entryPoint) {
        this.secondFactors = secondFactors;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && authentication != null
                && authentication.isAuthenticated() && secondFactors.enabled(authentication.getName())) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException(REFUSED));
            return;
        }
        chain.doFilter(request, response);
    }
}
