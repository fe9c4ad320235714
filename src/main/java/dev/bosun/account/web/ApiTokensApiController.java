package dev.bosun.account.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.account.ApiTokens;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own API tokens, as on the tokens page. */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokensApiController {

    private final ApiTokens tokens;

    ApiTokensApiController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<ApiTokens.TokenSummary> list(Principal principal) {
        return tokens.list(principal.getName());
    }

    /** A new token of the caller; {@code days} (1 to 365) defaults to 90. The answer holds the secret, once. */
    @PostMapping
    ResponseEntity<ApiTokens.NewToken> create(Principal principal, @RequestBody NewTokenRequest request) {
        ApiTokens.NewToken created = tokens.create(principal.getName(), request.name(), request.days());
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    record NewTokenRequest(String name, Integer days) {
    }
}
