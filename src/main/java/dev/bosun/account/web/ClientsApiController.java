package dev.bosun.account.web;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientInfo;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1/clients")
class ClientsApiController {

    private final ClientService clients;
    private final AccountService accounts;

    ClientsApiController(ClientService clients, AccountService accounts) {
        this.clients = clients;
        this.accounts = accounts;
    }

    /** The clients the caller may see: all for staff, their own for client users. */
    @GetMapping
    List<ClientInfo> list(Principal principal) {
        return clients.list(accounts.clientScope(principal.getName()));
    }

    /** One client the caller may see (else 404). */
    @GetMapping("/{id}")
    ClientInfo show(Principal principal, @PathVariable long id) {
        ClientScope scope = accounts.clientScope(principal.getName());
        if (!scope.all() && !scope.clientIds().contains(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No client " + id + ".");
        }
        return clients.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No client " + id + "."));
    }

    /** Renames a client or changes its e-mail (the body of {@code POST}); 422 for a taken name. */
    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ClientInfo update(@PathVariable long id, @Valid @RequestBody ClientForm form) {
        return clients.update(id, form);
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ClientInfo> create(@Valid @RequestBody ClientForm form) {
        ClientInfo client = clients.create(form);
        return ResponseEntity.created(URI.create("/api/v1/clients/" + client.id())).body(client);
    }
}
