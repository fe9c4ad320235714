package dev.bosun.account.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.bosun.account.AccountService;
import dev.bosun.account.AuditLog;
import dev.bosun.account.SecondFactors;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * The second step of a sign-in through the login form for users with a second factor: after the
 * password the session holds only the user name waiting for a code (for {@link #PENDING_FOR}), not a
 * signed-in user; the code (or a recovery code) completes the sign-in. Wrong codes count towards the
 * sign-in lockout like wrong passwords.
 */
@Component
public class SecondFactorSignIn implements AuthenticationSuccessHandler {

    static final Duration PENDING_FOR = Duration.ofMinutes(5);
    private static final String PENDING_USER = SecondFactorSignIn.class.getName() + ".user";
    private static final String PENDING_SINCE = SecondFactorSignIn.class.getName() + ".since";

    private final SecondFactors secondFactors;
    private final UserDetailsService users;
    private final LoginThrottle throttle;
    private final AccountService accounts;
    private final AuditLog auditLog;
    private final Clock clock;
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    private final AuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

    SecondFactorSignIn(SecondFactors secondFactors, UserDetailsService users, LoginThrottle throttle,
                       AccountService accounts, AuditLog auditLog, Clock clock) {
        this.secondFactors = secondFactors;
        this.users = users;
        this.throttle = throttle;
        this.accounts = accounts;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The outcome of a code: signed in, a wrong code, or no sign-in waiting (expired or never started). */
    public enum Outcome { SIGNED_IN, WRONG_CODE, LOCKED, NOT_PENDING }

    /** After the password: users without a second factor are signed in, the others asked for a code. */
    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        if (!secondFactors.enabled(authentication.getName())) {
            signedIn.onAuthenticationSuccess(request, response, authentication);
            return;
        }
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
        HttpSession session = request.getSession();
        session.setAttribute(PENDING_USER, authentication.getName());
        session.setAttribute(PENDING_SINCE, clock.instant().toEpochMilli());
        response.sendRedirect(request.getContextPath() + "/login/code");
    }

    /** The user name waiting for its code in this session, if any and not expired. */
    public Optional<String> pendingUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING_USER) instanceof String username)
                || !(session.getAttribute(PENDING_SINCE) instanceof Long since)) {
            return Optional.empty();
        }
        if (Instant.ofEpochMilli(since).plus(PENDING_FOR).isBefore(clock.instant())) {
            forget(session);
            return Optional.empty();
        }
        return Optional.of(username);
    }

    /** Checks the code; when right, signs the user in (then send it to {@link #destination}). */
    public Outcome complete(String code, HttpServletRequest request, HttpServletResponse response) {
        Optional<String> pending = pendingUser(request);
        if (pending.isEmpty()) {
            return Outcome.NOT_PENDING;
        }
        String username = pending.get();
        String address = request.getRemoteAddr();
        if (throttle.lockedUntil(username, address).isPresent()) {
            forget(request.getSession());
            return Outcome.LOCKED;
        }
        if (!secondFactors.verify(username, code)) {
            throttle.failed(username, address);
            auditLog.recordAs(username, "login.failure", "user", null, "wrong second-factor code");
            return Outcome.WRONG_CODE;
        }
        throttle.succeeded(username, address);
        forget(request.getSession());
        request.changeSessionId();
        UserDetails user = users.loadUserByUsername(username);
        var authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        authentication.setDetails(new WebAuthenticationDetails(request));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        accounts.recordLogin(username);
        auditLog.recordAs(username, "login", "user", null, "with second factor");
        return Outcome.SIGNED_IN;
    }

    /** Where a completed sign-in goes: the page that asked for it, or the dashboard. */
    public String destination(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        return saved == null ? "/" : saved.getRedirectUrl();
    }

    private static void forget(HttpSession session) {
        session.removeAttribute(PENDING_USER);
        session.removeAttribute(PENDING_SINCE);
    }
}
