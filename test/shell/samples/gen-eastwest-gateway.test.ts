/**
 * `samples/multicluster/gen-eastwest-gateway.sh` run by path, as the ambient multicluster page
 * pipes it: its output and errors, written from istio/istio 1.30.3's script (under `set -euo
 * pipefail`: a flag missing its value is bash's unbound-variable error, line numbers the
 * script's). A path that is not there, or a file without a `#!` line, fails as bash says.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import { run } from '../harness.ts';

const SCRIPT = 'samples/multicluster/gen-eastwest-gateway.sh';
const files = { [SCRIPT]: SAMPLE_FILES[SCRIPT] ?? '', 'notes.txt': 'hi\n' };

describe('gen-eastwest-gateway.sh', () => {
	it('ships the real script, a #! bash file', () => {
		expect(SAMPLE_FILES[SCRIPT]).toMatch(/^#!\/bin\/bash\n/);
		expect(SAMPLE_FILES[SCRIPT]).toContain('gatewayClassName: "istio-east-west"');
	});

	it('--ambient prints the istio-east-west Gateway for the network (HBONE on 15008)', async () => {
		const r = await run(`${SCRIPT} --network network1 --ambient`, files);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: istio-eastwestgateway
  namespace: istio-system
  labels:
    topology.istio.io/network: "network1"
spec:
  gatewayClassName: "istio-east-west"
  listeners:
    - name: mesh
      port: 15008
      protocol: HBONE
      tls:
        mode: Terminate
        options:
          gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL
`);
	});

	it('without --ambient, the sidecar-mode IstioOperator with the network', async () => {
		const r = await run(`${SCRIPT} --network n2 --revision canary`, files);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('  revision: "canary"\n');
		expect(r.stdout).toContain('          topology.istio.io/network: n2\n');
		expect(r.stdout).toMatch(/ {4}global:\n {6}network: n2\n$/);
	});

	it.each([
		{ args: '--ambient', out: 'Must specify either --single-cluster or --network.\n', err: '' },
		{ args: '--bogus', out: '', err: 'Error: Unsupported flag --bogus\n' },
		{ args: '--network', out: '', err: `${SCRIPT}: line 33: $2: unbound variable\n` },
		{
			args: '--single-cluster --ambient',
			out: '',
			err: `${SCRIPT}: line 69: NETWORK: unbound variable\n`
		}
	])('$args fails as the script does', async ({ args, out, err }) => {
		const r = await run(`${SCRIPT} ${args}`, files);
		expect(r.code).toBe(1);
		expect(r.stdout).toBe(out);
		expect(r.stderr).toBe(err);
	});

	it('a missing path, a directory and a file without #! fail as bash says', async () => {
		expect((await run('./nope.sh', files)).stderr).toBe(
			'bash: ./nope.sh: No such file or directory\n'
		);
		const dir = await run('samples/multicluster', files);
		expect([dir.code, dir.stderr]).toEqual([126, 'bash: samples/multicluster: Is a directory\n']);
		const plain = await run('./notes.txt', files);
		expect([plain.code, plain.stderr]).toEqual([126, 'bash: ./notes.txt: Permission denied\n']);
	});

	it('an edited copy runs as a script', async () => {
		const r = await run(`${SCRIPT} a b`, { [SCRIPT]: '#!/bin/sh\necho "args: $1 $2"\n' });
		expect(r.stdout).toBe('args: a b\n');
	});
});
