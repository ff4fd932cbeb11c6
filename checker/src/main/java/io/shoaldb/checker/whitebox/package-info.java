/**
 * White-box isolation checking: when the system under test exports the order in which it committed
 * transactions, serializability is decided exactly by replaying the transactions in that order on a
 * sequential model, and strict serializability by also checking that the order respects real time.
 * Linear in the size of the history. The black-box Elle-style checkers stay as an independent oracle.
 */
package io.shoaldb.checker.whitebox;
