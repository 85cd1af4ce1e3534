/** How far the share of valid molecules may fall during training before the page says why. */
const NOTABLE_DROP = 0.15;

/**
 * A hint when validity fell while a network trained: the chemist sees the number drop and needs
 * to know why and what to try. `null` when it held.
 */
export function validityHint(metrics: { epoch: number; valid_ratio?: number | null }[], agent: boolean): string | null {
  const measured = metrics.filter((m): m is { epoch: number; valid_ratio: number } => m.valid_ratio != null);
  if (measured.length < 2) return null;
  const peak = measured.reduce((a, b) => (b.valid_ratio > a.valid_ratio ? b : a));
  const last = measured[measured.length - 1];
  if (peak.valid_ratio - last.valid_ratio < NOTABLE_DROP) return null;
  const fell = `Validity fell from ${peak.valid_ratio.toFixed(2)} (epoch ${peak.epoch}) to ${last.valid_ratio.toFixed(2)} (epoch ${last.epoch})`;
  return agent
    ? `${fell}: the agent is drifting away from its prior to chase the objective. Try a lower learning rate or more epsilon (exploration from the prior), or fewer epochs.`
    : `${fell}: the network is overfitting the fine-tuning set and forgetting how to write molecules. The epoch marked best is the one kept; for a new run, use fewer epochs, a lower learning rate or a larger set.`;
}

/**
 * The networks that can explore for `agent` as its prior: those reading the same vocabulary
 * with the same kind of network (equal pairing keys, as the server checks). Empty until the
 * agent is known.
 */
export function priorsFor<N extends { id: unknown; pairing_key?: string | null }>(agent: N | undefined, networks: N[]): N[] {
  if (!agent?.pairing_key) return [];
  return networks.filter((n) => n.pairing_key === agent.pairing_key);
}
