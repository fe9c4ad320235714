package dev.bosun.server.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Servers over the API, for administrators: list, register (queues verify), show, edit, verify. */
@RestController
@RequestMapping("/api/v1/servers")
@PreAuthorize("hasRole('ADMIN')")
class ServersApiController {

    private final ServerService servers;

    ServersApiController(ServerService servers) {
        this.servers = servers;
    }

    @GetMapping
    List<ServerInfo> list() {
        return servers.list();
    }

    @PostMapping
    ResponseEntity<ServerInfo> register(@RequestBody ServerRegistration registration) {
        ServerInfo server = servers.register(registration);
        return ResponseEntity.created(URI.create("/api/v1/servers/" + server.id())).body(server);
    }

    @GetMapping("/{id}")
    ServerInfo show(@PathVariable long id) {
        return servers.get(id);
    }

    @PutMapping("/{id}")
    ServerInfo update(@PathVariable long id, @RequestBody ServerRegistration registration) {
        return servers.update(id, registration);
    }

    @PostMapping("/{id}/verify")
    ResponseEntity<Map<String, Long>> verify(@PathVariable long id) {
        return ResponseEntity.accepted().body(Map.of("taskId", servers.queueVerify(id)));
    }
}
