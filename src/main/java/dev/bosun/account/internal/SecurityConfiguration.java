package dev.bosun.account.internal;

import dev.bosun.DatabaseUnreachable;
import dev.bosun.account.ApiTokens;
import dev.bosun.account.FormTargets;
import dev.bosun.account.Role;
import dev.bosun.account.SecondFactors;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two filter chains: the API (stateless, HTTP Basic or bearer token, problem+json errors, no CSRF
 * since no cookie is honoured) and the pages (form login, session, CSRF on every form).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** The policy of every page; the form-action sources follow ({@link FormTargets}). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action ";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ThrottledAuthenticationProvider authenticationProvider(LoginThrottle throttle, UserDetailsService users,
                                                           PasswordEncoder encoder) {
        return new ThrottledAuthenticationProvider(throttle, users, encoder);
    }

    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
        return new DefaultAuthenticationEventPublisher(publisher);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, UserDetailsService users,
                                 SecondFactors secondFactors) throws Exception {
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler();
        http.securityMatcher("/api/**")
                .addFilterBefore(new BearerTokenFilter(tokens, users, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(new SecondFactorBasicGuard(secondFactors, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(SecurityConfiguration::apiRoles)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * The API's role rules, checked before a request body is read or validated (the controllers'
     * {@code @PreAuthorize} run only after that, so a caller without the role would learn which fields
     * are wrong before hearing 403). {@code AuthorisationMatrixTests} checks them call by call.
     */
    private static void apiRoles(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        String admin = Role.ADMIN.name();
        String operator = Role.OPERATOR.name();
        auth.requestMatchers("/api/v1/servers", "/api/v1/servers/**", "/api/v1/users", "/api/v1/users/**").hasRole(admin)
                .requestMatchers(HttpMethod.POST, "/api/v1/clients").hasRole(admin)
                .requestMatchers(HttpMethod.PUT, "/api/v1/clients/*").hasRole(admin)
                .requestMatchers(HttpMethod.PUT, "/api/v1/sites/*/aliases", "/api/v1/sites/*/cron")
                .hasAnyRole(admin, operator)
                .requestMatchers(HttpMethod.GET, "/api/v1/platforms/*/compare/*").authenticated()
                .requestMatchers("/api/v1/platforms", "/api/v1/platforms/**").hasAnyRole(admin, operator)
                .requestMatchers(HttpMethod.POST, "/api/v1/sites").hasAnyRole(admin, operator)
                .anyRequest().authenticated();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, SecondFactors secondFactors) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .addFilterAfter(new SecondFactorBasicGuard(secondFactors, new ProblemDetailsSecurityHandler()),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** A wrong password goes back to the form; a sign-in that could not be checked gets the 503 page. */
    private static AuthenticationFailureHandler signInFailures() {
        AuthenticationFailureHandler form = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, e) -> {
            if (DatabaseUnreachable.causes(e)) {
                response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), DatabaseUnreachable.TITLE);
            } else {
                form.onAuthenticationFailure(request, response, e);
            }
        };
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageChain(HttpSecurity http, SecondFactorSignIn secondFactorSignIn) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/img/**", "/js/**", "/webjars/**", "/favicon.svg",
                                "/favicon.ico", "/error", "/disabled/**", "/login/code", "/password-reset/**").permitAll()
                        .requestMatchers("/admin/**", "/servers/**", "/clients/**").hasRole(Role.ADMIN.name())
                        // staff forms whose body is read before the controller's own role check
                        .requestMatchers(HttpMethod.POST, "/sites/*/aliases", "/sites/*/cron")
                        .hasAnyRole(Role.ADMIN.name(), Role.OPERATOR.name())
                        .requestMatchers("/platforms/**", "/sites/new", "/sites/new/**")
                        .hasAnyRole(Role.ADMIN.name(), Role.OPERATOR.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler(secondFactorSignIn)
                        .failureHandler(signInFailures()).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                .headers(headers -> headers
                        .addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                                CONTENT_SECURITY_POLICY + FormTargets.formAction(request)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }
}
