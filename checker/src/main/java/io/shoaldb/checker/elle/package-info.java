/**
 * Transactional isolation checking in the style of Elle (Kingsbury and Alvaro, VLDB 2020): from a
 * history of list-append or read-write-register transactions, infer write-write, write-read and
 * read-write dependencies (and real-time order), then find the cycles that prove G0, G1c, G-single and
 * G2-item, and report G1a, G1b and the other non-cycle anomalies directly. Linear in the size of the
 * history, apart from the bounded searches for specific cycle shapes.
 */
package io.shoaldb.checker.elle;
