/**
 * `kubectl describe networkpolicy`, as kubectl/pkg/describe/describe.go describeNetworkPolicySpec
 * prints it: the policy types decide which directions are described, each rule's ports (a range
 * as `To Port Range`) then its peers (namespace before pod selector, an ipBlock with its except
 * list), rules separated by `----------`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { playground } from '../../support/playground.ts';

let p: Playground;

async function run(line: string, stdin = ''): Promise<string> {
	let out = '';
	await p.shell.execute(line, { stdin, stdout: (t) => (out += t), stderr: (t) => (out += t) });
	return out;
}

beforeAll(async () => {
	p = await playground('inprocess', 'empty');
}, 60_000);

afterAll(async () => {
	await p.cluster.dispose();
});

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  labels:
    team: data
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          env: prod
      podSelector:
        matchExpressions:
        - {key: app, operator: In, values: [api, web]}
    ports:
    - port: 5432
    - port: 6000
      endPort: 6010
      protocol: UDP
  - {}
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16, 10.2.0.0/16]
`;

describe('kubectl describe networkpolicy', () => {
	it('prints each direction, rule, port range and peer as kubectl does', async () => {
		expect(await run('kubectl apply -f -', POLICY)).toBe(
			'networkpolicy.networking.k8s.io/db created\n'
		);
		expect(await run('kubectl describe netpol db')).toBe(`Name:         db
Namespace:    default
Created on:   2026-01-01 00:00:00 +0000 UTC
Labels:       team=data
Annotations:  <none>
Spec:
  PodSelector:     app=db
  Allowing ingress traffic:
    To Port: 5432/TCP
    To Port Range: 6000-6010/UDP
    From:
      NamespaceSelector: env=prod
      PodSelector: app in (api,web)
    ----------
    To Port: <any> (traffic allowed to all ports)
    From: <any> (traffic not restricted by source)
  Allowing egress traffic:
    To Port: <any> (traffic allowed to all ports)
    To:
      IPBlock:
        CIDR: 10.0.0.0/8
        Except: 10.1.0.0/16, 10.2.0.0/16
  Policy Types: Ingress, Egress
`);
	});

	it('get shows the pod selector; an empty one as <none>', async () => {
		await run(
			'kubectl apply -f -',
			'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: all\nspec:\n  podSelector: {}\n'
		);
		expect(await run('kubectl get networkpolicies')).toMatch(
			/^NAME +POD-SELECTOR +AGE\nall +<none> +\d+s\ndb +app=db +\d+s\n$/
		);
	});
});
