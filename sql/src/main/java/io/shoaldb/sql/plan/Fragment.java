package io.shoaldb.sql.plan;

/**
 * A piece of a physical plan that runs where its data lives: its root sends rows to fragment
 * {@code targetFragment} (−1 for the root fragment, whose rows go to the client). Receivers inside it
 * name their source fragments. On one node every fragment runs locally, in source-first order.
 */
public record Fragment(int id, PlanNode root, int targetFragment, PlanNode.Dist distribution) {
}
