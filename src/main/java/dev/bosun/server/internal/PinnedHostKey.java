package dev.bosun.server.internal;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import dev.bosun.server.HostKeys;

/**
 * Accepts exactly the pinned host key of one server; with none pinned, accepts the offered key only when
 * trust on first use is allowed (the verify task). Remembers what the server offered, for the message.
 */
final class PinnedHostKey implements HostKeyRepository {

    private final String pinned;
    private final boolean trustOnFirstUse;
    private volatile String offered;

    PinnedHostKey(String pinned, boolean trustOnFirstUse) {
        this.pinned = pinned == null || pinned.isBlank() ? null : pinned.strip();
        this.trustOnFirstUse = trustOnFirstUse;
    }

    @Override
    public int check(String host, byte[] key) {
        try {
            offered = HostKeys.of(new HostKey(host, HostKey.GUESS, key).getType(), key);
        } catch (JSchException e) {
            return CHANGED;
        }
        if (pinned == null) {
            return trustOnFirstUse ? OK : NOT_INCLUDED;
        }
        return pinned.equals(offered) ? OK : CHANGED;
    }

    String offered() {
        return offered;
    }

    String pinned() {
        return pinned;
    }

    /** The key type to ask the server for first, so that it shows the pinned key rather than another of its keys. */
    String preferredAlgorithms(String defaults) {
        if (pinned == null) {
            return defaults;
        }
        String type = pinned.split("\\s+")[0];
        String preferred = type.equals("ssh-rsa") ? "rsa-sha2-512,rsa-sha2-256,ssh-rsa" : type;
        StringBuilder list = new StringBuilder(preferred);
        for (String algorithm : defaults.split(",")) {
            if (!preferred.contains(algorithm)) {
                list.append(',').append(algorithm);
            }
        }
        return list.toString();
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "bosun-pinned";
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}
