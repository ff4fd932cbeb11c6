package io.shoaldb.pgwire;

/** How the server authenticates a connecting user (pg_hba.conf's method column, one for all). */
public enum AuthMethod {
    /** No password: anyone who can reach the port is the user they claim. For tests and local use. */
    TRUST,
    /** MD5 challenge-response. Deprecated upstream; a user whose password is stored only as SCRAM gets SCRAM. */
    MD5,
    /** SCRAM-SHA-256 (RFC 5802, RFC 7677), PostgreSQL's default. */
    SCRAM_SHA_256
}
