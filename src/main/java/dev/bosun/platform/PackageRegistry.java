package dev.bosun.platform;

import java.util.List;

import dev.bosun.drupal.CodebaseScan;
import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.platform.internal.PackageStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The package registry: what each platform offers (from its verify scan) and what each site has
 * installed (from the site's verify: drush pm:list and the installed schema versions).
 */
@Service
public class PackageRegistry {

    private final PackageStore packages;

    PackageRegistry(PackageStore packages) {
        this.packages = packages;
    }

    /** Replaces the platform's packages and languages with those of a scan, in one transaction. */
    @Transactional
    public void recordPlatformScan(long platformId, CodebaseScan scan) {
        packages.replacePlatformPackages(platformId, scan.packages());
        packages.replacePlatformLanguages(platformId, scan.languages());
    }

    /** Replaces what the registry knows to be installed on the site. */
    @Transactional
    public void recordSitePackages(long siteId, List<SitePackage> installed) {
        packages.replaceSitePackages(siteId, installed);
    }

    @Transactional(readOnly = true)
    public List<PlatformPackage> platformPackages(long platformId) {
        return packages.platformPackages(platformId);
    }

    @Transactional(readOnly = true)
    public List<ScannedLanguage> platformLanguages(long platformId) {
        return packages.platformLanguages(platformId);
    }

    /** The profiles that enabled platforms offer (not hidden), by name. */
    @Transactional(readOnly = true)
    public List<String> offeredProfiles() {
        return packages.offeredProfiles();
    }

    /** The language codes the platform offers for the profile (a null profile: those for every profile), sorted. */
    @Transactional(readOnly = true)
    public List<String> languagesFor(long platformId, String profile) {
        return packages.languagesFor(platformId, profile == null ? "" : profile);
    }

    /** Everything recorded for the site, enabled or not. */
    @Transactional(readOnly = true)
    public List<SitePackage> sitePackages(long siteId) {
        return packages.sitePackages(siteId);
    }
}
