package dev.bosun.backup.internal;

import java.io.IOException;

/** A gzip writer that can end the current member, so that what follows starts a member of its own. */
public interface GzipMembers {

    /** Writes out everything so far as complete members; the next byte written begins a new member. */
    void endMember() throws IOException;
}
