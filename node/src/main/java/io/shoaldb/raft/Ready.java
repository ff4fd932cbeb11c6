package io.shoaldb.raft;

import java.util.List;

/**
 * Everything a {@link Raft} wants done, handed to the host in one value. The host must, in order:
 * <ol>
 *   <li>send {@code messages} (they never depend on this Ready being persisted);</li>
 *   <li>make {@code hardState} (if not null), {@code snapshot} (if not null; it replaces the whole log up
 *       to its index) and {@code entries} (which replace any stored entries from their first index on)
 *       durable;</li>
 *   <li>then send {@code persistedMessages}, which may vouch for what was just persisted (votes,
 *       append acknowledgements);</li>
 *   <li>restore the state machine from {@code snapshot} if present, apply {@code committed} in order,
 *       and serve the {@code readStates} once their index is applied;</li>
 *   <li>call {@link Raft#advance(Ready)} with this Ready.</li>
 * </ol>
 *
 * <p>{@code committed} holds only entries that were committed (durable on a majority) and handed to
 * this node's storage (in this Ready or an earlier one); they count as applied from then on,
 * and the host may apply them (and serve the reads) before step 2 completes, as it may apply what
 * {@link Raft#takeCommitted()} hands out while the save is in flight. The state machine is volatile,
 * so it may run ahead of this node's own fsync. A snapshot to install never comes with committed
 * entries.
 */
public record Ready(
        HardState hardState,
        Snapshot snapshot,
        List<Entry> entries,
        List<Message> messages,
        List<Message> persistedMessages,
        List<Entry> committed,
        List<ReadState> readStates) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        persistedMessages = List.copyOf(persistedMessages);
        committed = List.copyOf(committed);
        readStates = List.copyOf(readStates);
    }

    /** Whether the host must write anything to stable storage for this Ready. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }
}
