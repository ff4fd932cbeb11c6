package io.shoaldb.sim.fault;

/**
 * Everything a run counts: faults that fired (reported as "faults fired") and ordinary traffic
 * (reported as statistics). Labels are the names used in run reports and docs/simulation.md.
 */
public enum Counter {
    // Network faults.
    NET_LOSS("net.loss", true),
    NET_DUPLICATE("net.duplicate", true),
    NET_REORDER("net.reorder", true),
    NET_CORRUPT_DROPPED("net.corrupt", true),
    NET_PARTITION("net.partition", true),
    NET_PARTITION_ONEWAY("net.partition_oneway", true),
    NET_PARTITION_DROPPED("net.partition_dropped", true),
    NET_SWIZZLE("net.swizzle", true),
    NET_LINK_OVERFLOW("net.link_overflow", true),
    NET_SLOW_NODE("net.slow_node", true),
    NET_DOWN_DROPPED("net.down_dropped", true),
    // Disk faults.
    DISK_READ_ERROR("disk.read_error", true),
    DISK_READ_CORRUPT("disk.read_corrupt", true),
    DISK_WRITE_ERROR("disk.write_error", true),
    DISK_FSYNC_ERROR("disk.fsync_error", true),
    DISK_FULL("disk.full", true),
    DISK_FULL_REJECTED("disk.full_rejected", true),
    DISK_BIT_FLIP("disk.bit_flip", true),
    DISK_UNSYNCED_LOST("disk.unsynced_lost", true),
    DISK_TORN_WRITE("disk.torn_write", true),
    DISK_DIR_OPS_LOST("disk.dir_ops_lost", true),
    DISK_MISDIRECTED("disk.misdirected", true),
    // Process and clock faults.
    PROCESS_CRASH("process.crash", true),
    PROCESS_RESTART("process.restart", true),
    PROCESS_CRASH_GROUP("process.crash_group", true),
    PROCESS_WIPE("process.wipe", true),
    PROCESS_PAUSE("process.pause", true),
    CLOCK_JUMP("clock.jump", true),
    CLOCK_DRIFT("clock.drift", true),
    // BUGGIFY-style rare paths in the simulated runtime.
    BUGGIFY_TIMER_LATE("buggify.timer_late", true),
    BUGGIFY_DISK_STALL("buggify.disk_stall", true),
    BUGGIFY_NET_BURST_DELAY("buggify.net_burst_delay", true),
    // Statistics.
    NET_SENT("net.sent", false),
    NET_DELIVERED("net.delivered", false),
    NET_BYTES_SENT("net.bytes_sent", false),
    DISK_OPS("disk.ops", false),
    DISK_BYTES_WRITTEN("disk.bytes_written", false),
    DISK_WRITEBACK("disk.writeback", false),
    TIMERS_FIRED("timers.fired", false),
    TIMERS_CANCELLED("timers.cancelled", false),
    EVENTS_DROPPED_DEAD("events.dropped_dead_incarnation", false),
    EVENTS_PENDING_AT_END("events.pending_at_end", false),
    EVENTS_DEFERRED_PAUSED("events.deferred_paused", false),
    NODE_WARNINGS("node.warnings", false),
    NODE_TRACE_EVENTS("node.trace_events", false);

    private final String label;
    private final boolean fault;

    Counter(String label, boolean fault) {
        this.label = label;
        this.fault = fault;
    }

    public String label() {
        return label;
    }

    public boolean isFault() {
        return fault;
    }
}
