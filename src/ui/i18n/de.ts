/**
 * Die Oberfläche auf Deutsch, eine Datei pro Bereich (de/). Kubernetes- und Istio-Begriffe
 * bleiben, wie die deutsche Kubernetes-Dokumentation sie schreibt: Pod, Namespace, Service,
 * Sidecar, Waypoint, Node.
 */
import type { Messages } from './en.ts';
import { page } from './de/page.ts';
import { lesson } from './de/lesson.ts';
import { views } from './de/views.ts';
import { workshop } from './de/workshop.ts';

export const de: Messages = { ...page, ...lesson, ...views, ...workshop };
