/**
 * `--append-hash`'s suffix (kubernetes/kubectl pkg/util/hash): the vectors of its own hash_test.go
 * (TestConfigMapHash, TestSecretHash), fed the fields encodeConfigMap/encodeSecret marshal. The
 * Secret's values are base64, as json.Marshal writes []byte.
 */
import { describe, expect, it } from 'vitest';
import { kubectlHash } from '../../src/shell/kubectl/create-data-sources.ts';

describe('kubectl pkg/util/hash', () => {
	it.each([
		[{}, '42745tchd9'],
		[{ one: '' }, '9g67k2htb6'],
		[{ two: '2', one: '', three: '3' }, 'f5h7t85m9b']
	])('ConfigMap data %j hashes to %s', async (data, hash) => {
		expect(await kubectlHash({ data, kind: 'ConfigMap', name: '' })).toBe(hash);
	});

	it.each([
		[{}, 't75bgf6ctb'],
		[{ one: '' }, '74bd68bm66'],
		[{ two: 'Mg==', one: '', three: 'Mw==' }, 'dgcb6h9tmk']
	])('Secret data %j of type my-type hashes to %s', async (data, hash) => {
		expect(await kubectlHash({ data, kind: 'Secret', name: '', type: 'my-type' })).toBe(hash);
	});
});
