/**
 * The wall-clock date sim time 0 stands for. Timestamps (creationTimestamp, Date headers, log
 * lines, certificate validity) are this plus sim time, so they look real and never depend on the
 * machine's clock. One constant for the whole core, so logs and AGE columns agree.
 */
export const SIM_EPOCH_MS = Date.UTC(2026, 0, 1);
