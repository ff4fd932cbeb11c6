package io.shoaldb.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 / RFC 7677 as PostgreSQL speaks it): a pure
 * state machine fed the client's two messages. Channel binding is not offered, so a client may send
 * gs2 flag {@code n} or {@code y}, never {@code p}. For an unknown user the exchange runs against a
 * made-up verifier and fails at the proof, so a client cannot learn which users exist.
 */
final class ScramAuthenticator {
    static final String MECHANISM = "SCRAM-SHA-256";
    /** A client-first message is short; anything longer is an attack or a bug. */
    private static final int MAX_MESSAGE_CHARS = 4096;

    private enum State { AWAITING_CLIENT_FIRST, AWAITING_CLIENT_FINAL, DONE }

    private final ScramVerifier verifier;
    private final boolean userKnown;
    private final String serverNonce;
    private State state = State.AWAITING_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param verifier    the user's verifier, or a fake one when the user does not exist
     * @param serverNonce printable random nonce (base64 of at least 18 random bytes)
     */
    ScramAuthenticator(ScramVerifier verifier, boolean userKnown, String serverNonce) {
        if (serverNonce.length() < 16 || serverNonce.indexOf(',') >= 0) {
            throw new IllegalArgumentException("server nonce must be at least 16 printable chars without ','");
        }
        this.verifier = verifier;
        this.userKnown = userKnown;
        this.serverNonce = serverNonce;
    }

    /** Handles the SASLInitialResponse body; returns the server-first-message. */
    byte[] clientFirst(String mechanism, byte[] message) {
        check(state == State.AWAITING_CLIENT_FIRST, "unexpected SASL initial response");
        if (!MECHANISM.equals(mechanism)) {
            throw new SqlException(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION,
                    "client selected an invalid SASL authentication mechanism"));
        }
        String text = utf8(message);
        // gs2-header: gs2-cbind-flag "," [authzid] ","
        int first = text.indexOf(',');
        int second = first < 0 ? -1 : text.indexOf(',', first + 1);
        check(second > 0, "malformed SCRAM message: missing gs2 header");
        String flag = text.substring(0, first);
        if (flag.startsWith("p=")) {
            throw new SqlException(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION,
                    "channel binding is not supported by this server").withHint("Connect with channel_binding=prefer or disable."));
        }
        check(flag.equals("n") || flag.equals("y"), "malformed SCRAM message: invalid gs2 flag");
        check(first + 1 == second, "client uses authorization identity, which is not supported");
        gs2Header = text.substring(0, second + 1);
        clientFirstBare = text.substring(second + 1);
        // client-first-message-bare: [reserved-mext ","] username "," nonce ["," extensions]
        String[] attrs = clientFirstBare.split(",", -1);
        check(attrs.length >= 2 && attrs[0].startsWith("n=") && attrs[1].startsWith("r="),
                "malformed SCRAM message: expected n= and r= attributes");
        String clientNonce = attrs[1].substring(2);
        check(!clientNonce.isEmpty() && clientNonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ','),
                "malformed SCRAM message: invalid client nonce");
        // PostgreSQL ignores the SCRAM username (libpq sends it empty) and uses the startup user.
        nonce = clientNonce + serverNonce;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i=" + verifier.iterations();
        state = State.AWAITING_CLIENT_FINAL;
        return serverFirst.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Handles the SASLResponse body; returns the server-final-message ("v=..."), or throws 28P01 when
     * the proof is wrong.
     */
    byte[] clientFinal(byte[] message, String user) {
        check(state == State.AWAITING_CLIENT_FINAL, "unexpected SASL response");
        state = State.DONE;
        String text = utf8(message);
        int proofAt = text.lastIndexOf(",p=");
        check(proofAt > 0, "malformed SCRAM message: missing proof");
        String withoutProof = text.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        check(attrs.length >= 2 && attrs[0].startsWith("c=") && attrs[1].startsWith("r="),
                "malformed SCRAM message: expected c= and r= attributes");
        byte[] channelBinding = base64(attrs[0].substring(2));
        check(MessageDigest.isEqual(channelBinding, gs2Header.getBytes(StandardCharsets.US_ASCII)),
                "SCRAM channel binding check failed");
        check(attrs[1].substring(2).equals(nonce), "SCRAM nonce does not match");
        byte[] proof = base64(text.substring(proofAt + 3));
        check(proof.length == 32, "malformed SCRAM message: invalid proof length");

        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramVerifier.hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proofOk = MessageDigest.isEqual(ScramVerifier.sha256(clientKey), verifier.storedKey());
        if (!proofOk || !userKnown) {
            throw passwordFailed(user);
        }
        byte[] serverSignature = ScramVerifier.hmac(verifier.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.US_ASCII);
    }

    static SqlException passwordFailed(String user) {
        return new SqlException(ErrorFields.fatal(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\""));
    }

    private static String utf8(byte[] message) {
        check(message.length <= MAX_MESSAGE_CHARS, "SCRAM message too long");
        return Utf8.decode(message);
    }

    private static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw malformed("malformed SCRAM message: invalid base64");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw malformed(message);
        }
    }

    private static SqlException malformed(String message) {
        return new SqlException(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, message));
    }
}
