package io.shoaldb.raft;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The members of a Raft group: voters decide elections and commits, learners only receive the log.
 * A node is never both. Immutable.
 */
public record ClusterConfig(SortedSet<Integer> voters, SortedSet<Integer> learners) {

    /** Upper bound on members, so a config always fits in one message. */
    public static final int MAX_MEMBERS = 1024;

    public static final ClusterConfig EMPTY = new ClusterConfig(new TreeSet<>(), new TreeSet<>());

    public ClusterConfig {
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        if (voters.size() + learners.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("too many members: " + (voters.size() + learners.size()));
        }
        for (int v : voters) {
            if (v < 0) {
                throw new IllegalArgumentException("node ids are non-negative: " + v);
            }
            if (learners.contains(v)) {
                throw new IllegalArgumentException("node " + v + " is both voter and learner");
            }
        }
        for (int l : learners) {
            if (l < 0) {
                throw new IllegalArgumentException("node ids are non-negative: " + l);
            }
        }
    }

    public static ClusterConfig ofVoters(Integer... ids) {
        return new ClusterConfig(new TreeSet<>(java.util.List.of(ids)), new TreeSet<>());
    }

    public boolean isMember(int id) {
        return voters.contains(id) || learners.contains(id);
    }

    /** Number of voters whose agreement makes a majority. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    /** All members, voters and learners, in ascending id order. */
    public SortedSet<Integer> members() {
        TreeSet<Integer> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }

    /**
     * The configuration after one single-server change, or an explanation of why the change is not
     * allowed. One voter at a time keeps every old and new majority overlapping.
     */
    public ConfigChangeResult apply(ConfChange change) {
        TreeSet<Integer> v = new TreeSet<>(voters);
        TreeSet<Integer> l = new TreeSet<>(learners);
        int id = change.nodeId();
        switch (change.kind()) {
            case ADD_VOTER -> {
                if (v.contains(id)) {
                    return new ConfigChangeResult.Invalid("node " + id + " is already a voter");
                }
                l.remove(id);
                v.add(id);
            }
            case ADD_LEARNER -> {
                if (v.contains(id)) {
                    return new ConfigChangeResult.Invalid("node " + id + " is a voter; remove it before adding it as a learner");
                }
                if (l.contains(id)) {
                    return new ConfigChangeResult.Invalid("node " + id + " is already a learner");
                }
                l.add(id);
            }
            case REMOVE -> {
                if (!v.remove(id) && !l.remove(id)) {
                    return new ConfigChangeResult.Invalid("node " + id + " is not a member");
                }
                if (v.isEmpty()) {
                    return new ConfigChangeResult.Invalid("cannot remove the last voter " + id);
                }
            }
        }
        if (v.size() + l.size() > MAX_MEMBERS) {
            return new ConfigChangeResult.Invalid("a group has at most " + MAX_MEMBERS + " members");
        }
        return new ConfigChangeResult.Valid(new ClusterConfig(v, l));
    }

    /** Outcome of {@link #apply}. */
    public sealed interface ConfigChangeResult {
        record Valid(ClusterConfig config) implements ConfigChangeResult {
        }

        record Invalid(String reason) implements ConfigChangeResult {
        }
    }
}
