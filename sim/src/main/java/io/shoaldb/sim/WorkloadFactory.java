package io.shoaldb.sim;

/** Creates a workload for one run; registered by name in {@link Workloads}. */
@FunctionalInterface
public interface WorkloadFactory {

    /** Reads its {@code workload.*} keys from the setup's scenario and builds the workload. */
    Workload create(WorkloadSetup setup);
}
