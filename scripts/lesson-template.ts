/**
 * The lesson.md that `npm run lessons:new` writes: every block of the format once (front matter,
 * intro with instructor notes, one look step with check, solution, hints, wrong, valid and
 * instructor blocks, a recap with two quiz questions), and a lesson that passes lessons:check as
 * written, so an author edits a working lesson instead of starting from a blank page.
 */

/** `lessons/NN-slug`: two digits, then kebab-case words. */
export const SLUG = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The lesson id: the slug without its number (`21-egress` → `egress`). */
export function lessonId(slug: string): string {
	return slug.replace(/^\d\d-/, '');
}

/** A YAML scalar for any title (double-quoted JSON is valid YAML). */
const yamlString = (s: string): string => JSON.stringify(s);

export function lessonTemplate(slug: string, title: string): string {
	const fence = '```';
	return `---
id: ${lessonId(slug)}
title: ${yamlString(title)}
summary: One sentence on what the learner will be able to do afterwards.
level: beginner
minutes: 6
prerequisites: []
setup:
  scenario: bookinfo
seed: 1
---

The intro: where the cluster stands when the lesson starts and what this lesson is about.
Bookinfo and a \`curl\` pod run in \`default\`; no mesh is installed yet.

${fence}instructor
notes: >-
  What confuses people in this lesson, and what to show on the projector. Instructor views only.
${fence}

## Step: Send a request and look at it

${fence}instructor
minutes: 3
notes: >-
  What to show while the class works on this step (here: the Capture view, filtered on http).
${fence}

State the goal and everything the check reads. **Your goal:** send a request from the \`curl\`
pod to \`productpage\`, then open the **Capture** tab and find it between the nodes, in plain
HTTP.

${fence}sh
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage
${fence}

${fence}hint
The request goes from the \`curl\` pod: \`kubectl exec deploy/curl -- curl …\`.
${fence}

${fence}hint
Send it, then open the **Capture** tab and type \`http\` in its filter box.
${fence}

${fence}solution
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage
${fence}

${fence}valid
kubectl exec deploy/curl -- curl -s http://productpage.default.svc.cluster.local:9080/productpage
${fence}

${fence}wrong
kubectl exec deploy/curl -- curl -s http://details:9080/details/0
${fence}

${fence}check
- name: curl got productpage (HTTP 200)
  traffic: { from: curl, to: productpage, status: 200 }
  failure: Send a request from the curl pod to http://productpage:9080/productpage.
- name: You found the request in the Capture view
  allOf:
    - looked: { view: capture }
    - capture: { payload: http, betweenNodes: true }
  failure: Open the Capture tab after sending the request.
${fence}

## Recap

- A few lines on what the lesson taught, in the words the steps used: here, that without a
  mesh a request crosses between the nodes as plain HTTP, readable in the Capture view.
- Then two or three quiz questions; vary where the right answer sits.

${fence}quiz
question: Without a mesh, how did curl's request cross from one node to the other?
choices:
  - Inside a TLS tunnel
  - As plain HTTP that anyone on the wire can read
answer: 1
explain: Kubernetes does not encrypt pod-to-pod traffic by default; the Capture view showed the request line.
${fence}

${fence}quiz
question: Which view shows the bytes on the wire between the nodes?
choices:
  - Capture
  - Topology
answer: 0
explain: Capture lists each segment on the wire; Topology draws who talks to whom.
${fence}
`;
}
