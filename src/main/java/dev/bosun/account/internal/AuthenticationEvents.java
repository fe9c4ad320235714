package dev.bosun.account.internal;

import dev.bosun.account.AccountService;
import dev.bosun.account.AuditLog;
import dev.bosun.account.SecondFactors;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Feeds sign-in outcomes to the throttle and the audit log. */
@Component
class AuthenticationEvents {

    private final LoginThrottle throttle;
    private final AccountService accounts;
    private final AuditLog auditLog;
    private final SecondFactors secondFactors;

    AuthenticationEvents(LoginThrottle throttle, AccountService accounts, AuditLog auditLog,
                         SecondFactors secondFactors) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.auditLog = auditLog;
        this.secondFactors = secondFactors;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        throttle.succeeded(event.getAuthentication().getName(), LoginThrottle.address(event.getAuthentication()));
    }

    /**
     * A sign-in through the login form (API calls authenticate on every request and are not recorded).
     * A user with a second factor is signed in only by its code ({@link SecondFactorSignIn}).
     */
    @EventListener
    void onInteractiveSuccess(InteractiveAuthenticationSuccessEvent event) {
        String username = event.getAuthentication().getName();
        if (secondFactors.enabled(username)) {
            auditLog.recordAs(username, "login.password", "user", null, "second factor asked");
            return;
        }
        accounts.recordLogin(username);
        auditLog.recordAs(username, "login", "user", null, null);
    }

    /**
     * Only a wrong password counts towards the lock. A sign-in that could not be checked (the panel's database
     * unreachable) is not recorded either: the audit log lives in that database.
     */
    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        if (event instanceof AuthenticationFailureServiceExceptionEvent) {
            return;
        }
        String username = event.getAuthentication().getName();
        if (event instanceof AuthenticationFailureBadCredentialsEvent) {
            throttle.failed(username, LoginThrottle.address(event.getAuthentication()));
        }
        auditLog.recordAs(username, "login.failure", "user", null, event.getException().getMessage());
    }
}
