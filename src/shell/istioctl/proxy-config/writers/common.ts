/** What every proxy-config table writer returns, and istioctl's tabwriter padding. */
export type Result = { out: string } | { error: string; out: string };

export const pad = (p: number) => ({ minwidth: 0, padding: p });
