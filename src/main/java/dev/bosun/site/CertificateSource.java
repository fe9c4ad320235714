package dev.bosun.site;

/** Where a site's certificate came from: an ACME CA (renewed by Bosun) or an upload (renewed by its owner). */
public enum CertificateSource {
    ACME, UPLOADED
}
