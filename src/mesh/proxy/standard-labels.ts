/**
 * The value ztunnel's and Envoy's Istio metrics give a label when the peer is not known. Each
 * proxy keeps its own label order (ztunnel's CommonTrafficLabels differ from Envoy's stats
 * filter), so only shared values live here.
 */
export const UNKNOWN = 'unknown';
