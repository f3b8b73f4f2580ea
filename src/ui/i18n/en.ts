/**
 * The page's UI text in English: the source of truth, in one file per area (en/). Every other
 * language has the same files, each typed `Section` of its English one (de/), so a key it lacks
 * or adds fails `npm run check`. Keys are `area.thing`; `{name}` is a placeholder; an object is
 * a plural chosen by `{count}` (format.ts). Terminal output is not here: kubectl and istioctl
 * speak English.
 */
import type { Message } from './format.ts';
import { page } from './en/page.ts';
import { lesson } from './en/lesson.ts';
import { views } from './en/views.ts';
import { workshop } from './en/workshop.ts';

export const en = { ...page, ...lesson, ...views, ...workshop };

export type MessageKey = keyof typeof en;
export type Messages = { readonly [K in MessageKey]: Message };
/** A translated area: exactly the keys of its English file. */
export type Section<T> = { readonly [K in keyof T]: Message };
