package dev.otter.core.port;

/** The connection no longer exists (API Gateway answered 410 Gone); its seat should be freed. */
public final class PeerGone extends Exception {
    public PeerGone(String connectionId) {
        super("connection " + connectionId + " is gone", null, false, false);
    }
}
