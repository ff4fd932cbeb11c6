package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramAuthenticatorTest {
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc7677TestVector() {
        ScramVerifier verifier = ScramVerifier.fromPassword("pencil", SALT, 4096);
        ScramAuthenticator scram = new ScramAuthenticator(verifier, true, SERVER_NONCE);
        byte[] serverFirst = scram.clientFirst("SCRAM-SHA-256", ascii("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                new String(serverFirst, StandardCharsets.US_ASCII));
        byte[] serverFinal = scram.clientFinal(ascii("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="), "user");
        assertArrayEquals(ascii("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="), serverFinal);
    }

    @Test
    void verifierRoundTripsThroughPostgresText() {
        ScramVerifier v = ScramVerifier.fromPassword("pencil", SALT, 4096);
        assertEquals(v, ScramVerifier.parse(v.toString()));
        assertThrows(IllegalArgumentException.class, () -> ScramVerifier.parse("md5abc"));
    }

    @Test
    void wrongProofUnknownUserAndTamperingFail() {
        ScramVerifier verifier = ScramVerifier.fromPassword("pencil", SALT, 4096);
        String wrongProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=" + Base64.getEncoder().encodeToString(new byte[32]);
        ScramAuthenticator a = new ScramAuthenticator(verifier, true, SERVER_NONCE);
        a.clientFirst("SCRAM-SHA-256", ascii("n,,n=,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("28P01", assertThrows(SqlException.class, () -> a.clientFinal(ascii(wrongProof), "user")).sqlState());

        ScramAuthenticator unknown = new ScramAuthenticator(verifier, false, SERVER_NONCE);
        unknown.clientFirst("SCRAM-SHA-256", ascii("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("28P01", assertThrows(SqlException.class, () -> unknown.clientFinal(ascii("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="), "user")).sqlState(), "a right proof for an unknown user still fails");

        ScramAuthenticator nonce = new ScramAuthenticator(verifier, true, SERVER_NONCE);
        nonce.clientFirst("SCRAM-SHA-256", ascii("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("08P01", assertThrows(SqlException.class, () -> nonce.clientFinal(ascii("c=biws,r=other,p=AAAA"), "user")).sqlState());

        ScramAuthenticator binding = new ScramAuthenticator(verifier, true, SERVER_NONCE);
        assertEquals("08P01", assertThrows(SqlException.class,
                () -> binding.clientFirst("SCRAM-SHA-256", ascii("p=tls-server-end-point,,n=,r=abc"))).sqlState());
        ScramAuthenticator mech = new ScramAuthenticator(verifier, true, SERVER_NONCE);
        assertEquals("08P01", assertThrows(SqlException.class, () -> mech.clientFirst("SCRAM-SHA-1", ascii("n,,n=,r=abc"))).sqlState());
    }

    @Test
    void md5MatchesPostgres() {
        // md5 of "pencil" + "user", as PostgreSQL stores it in pg_authid.
        String stored = Md5Authenticator.hash("pencil", "user");
        assertEquals(35, stored.length());
        byte[] salt = {1, 2, 3, 4};
        assertEquals(true, Md5Authenticator.verify(stored, salt, ascii(Md5Authenticator.expectedResponse(stored, salt))));
        assertEquals(false, Md5Authenticator.verify(stored, salt, ascii("md5" + "0".repeat(32))));
    }
}
