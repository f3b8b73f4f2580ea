import { describe, expect, it } from 'vitest';
import { resourceLinks } from '../../../src/ui/terminal/resource-links.ts';

const screen = `$ kubectl apply -f samples/curl/curl.yaml
serviceaccount/curl created
service/curl created
deployment.apps/curl created
$ kubectl get pods
NAME                              READY   STATUS    RESTARTS   AGE
curl-5b549b49b8-mg7nl             1/1     Running   0          5s
productpage-v1-6c58956c68-abcde   1/1     Running   0          5s
$ kubectl get svc -A
NAMESPACE     NAME          TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE
default       productpage   ClusterIP   10.96.12.34    <none>        9080/TCP   9s
$ kubectl -n istio-system get pods,svc
NAME                          READY   STATUS    RESTARTS   AGE
pod/istiod-7d4f9c7b5b-x2x2x   1/1     Running   0          3s
$ cat samples/bookinfo/platform/kube/bookinfo.yaml | head -1
# Copyright Istio Authors
$ kubectl get pods -n kube-system
NAME                          READY   STATUS
kube-scheduler-control-plane  1/1     Running`.split('\n');

const row = (prefix: string): number => screen.findIndex((l) => l.startsWith(prefix));

describe('resourceLinks', () => {
	it.each([
		{ at: 'serviceaccount/curl', ref: 'serviceaccount/curl', namespace: undefined, start: 0 },
		{ at: 'deployment.apps/curl', ref: 'deployment.apps/curl', namespace: undefined, start: 0 },
		{ at: 'curl-5b', ref: 'pods/curl-5b549b49b8-mg7nl', namespace: undefined, start: 0 },
		{
			at: 'productpage-v1',
			ref: 'pods/productpage-v1-6c58956c68-abcde',
			namespace: undefined,
			start: 0
		},
		{ at: 'default  ', ref: 'svc/productpage', namespace: 'default', start: 14 },
		{ at: 'pod/istiod', ref: 'pod/istiod-7d4f9c7b5b-x2x2x', namespace: 'istio-system', start: 0 },
		{
			at: 'kube-scheduler',
			ref: 'pods/kube-scheduler-control-plane',
			namespace: 'kube-system',
			start: 0
		}
	])('$at → $ref', ({ at, ref, namespace, start }) => {
		const links = resourceLinks(screen, row(at));
		expect(links).toHaveLength(1);
		expect(links[0]).toMatchObject({ ref, namespace, start });
		// The underlined text is what was printed: TYPE/NAME, or the NAME cell alone.
		const shown = screen[row(at)]!.slice(links[0]!.start, links[0]!.end);
		expect(ref.endsWith(`/${shown}`) || ref === shown).toBe(true);
	});

	it.each([
		{ name: 'a prompt line', at: '$ kubectl get pods' },
		{ name: 'a header', at: 'NAME                              READY' },
		{ name: 'a file path', at: '$ cat samples' },
		{ name: 'output of a command that is not kubectl get', at: '# Copyright' }
	])('nothing on $name', ({ at }) => {
		expect(resourceLinks(screen, row(at))).toEqual([]);
	});
});
