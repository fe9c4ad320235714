package dev.bosun.backup.web;

import java.nio.file.Files;

import dev.bosun.account.AuditLog;
import dev.bosun.account.Role;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupNotFoundException;
import dev.bosun.backup.BackupService;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Download of a backup archive, streamed from disk, for administrators only. Anyone else gets
 * 404, as for a backup that does not exist: a backup holds the site's database and secrets.
 */
@Controller
class BackupDownloadController {

    private static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

    private final BackupService backups;
    private final AuditLog auditLog;

    BackupDownloadController(BackupService backups, AuditLog auditLog) {
        this.backups = backups;
        this.auditLog = auditLog;
    }

    @GetMapping("/backups/{id}/download")
    ResponseEntity<Resource> download(@PathVariable long id, Authentication authentication) {
        if (!Role.ADMIN.heldBy(authentication)) {
            throw new BackupNotFoundException(id);
        }
        BackupInfo backup = backups.get(id);
        if (!Files.isRegularFile(backup.path())) {
            throw new BackupNotFoundException(id);
        }
        auditLog.record("backup.download", "site", backup.siteId(), backup.fileName());
        return ResponseEntity.ok()
                .contentType(GZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(backup.fileName()).build().toString())
                .body(new FileSystemResource(backup.path()));
    }
}
