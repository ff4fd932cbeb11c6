package io.shoaldb.runtime;

/** Makes a fresh incarnation of a node's logic over the given ports; called at start and after every restart. */
@FunctionalInterface
public interface NodeFactory {
    NodeProcess create(NodeRuntime runtime);
}
