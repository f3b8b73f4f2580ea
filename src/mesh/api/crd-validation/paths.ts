/** field.Path rendering: `spec.rules[0].matches`, map keys as `[key]`. */
export const child = (path: string, name: string): string => (path ? `${path}.${name}` : name);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;

export type { JsonObject as Json } from '../../json.ts';
export { isJsonObject as isObject } from '../../json.ts';
