/** The macrotask boundary the in-process runtime needs, for Node. */
export const nodeYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
