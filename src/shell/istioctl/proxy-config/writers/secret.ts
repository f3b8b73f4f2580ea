/**
 * `istioctl pc secret`: istio 1.30.3 istioctl/pkg/writer/compare/sds (writer.go's table, util.go's
 * `%032x` serial, RFC 3339 times, validity against now, CA or Cert Chain by the first certificate).
 */
import { isCa, parsePemChain } from '../../../../mesh/tls/certificate.ts';
import { isTlsError } from '../../../../mesh/tls/errors.ts';
import { tabwrite } from '../../../kubectl/printers/tabwriter.ts';
import { activeSecrets, obj, str, type EnvoyDump } from '../dump.ts';
import { type Result, pad } from './common.ts';

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** PrintSecretSummary → sds writer's table (tabwriter padding 5). */
export function secretSummary(d: EnvoyDump, now: Date, withType = false): Result {
	const secrets = activeSecrets(d);
	if (secrets.length === 0) return { out: 'No active or warming secrets found.\n' };
	let out = 'RESOURCE NAME\tTYPE\tSTATUS\tVALID CERT\tSERIAL NUMBER\tNOT AFTER\tNOT BEFORE\n';
	for (const s of secrets) {
		const secret = obj(s['secret']);
		const chain = str(obj(obj(secret['tls_certificate'])['certificate_chain'])['inline_bytes']);
		const ca = str(obj(obj(secret['validation_context'])['trusted_ca'])['inline_bytes']);
		const certs = parsePemChain(atob(chain || ca));
		const first = isTlsError(certs) ? undefined : certs[0];
		const name = `${withType ? 'secret/' : ''}${str(s['name'])}`;
		if (!first) {
			out += `${name}\t\tACTIVE\tfalse\t\t\t\n`;
			continue;
		}
		const serial = first.serialNumber.toLowerCase().replace(/^0+/, '').padStart(32, '0');
		const valid = now > first.notBefore && now < first.notAfter;
		// sds/util.go secretMetaFromCert: the type is the certificate's CA flag, not the field.
		out += `${name}\t${isCa(first) ? 'CA' : 'Cert Chain'}\tACTIVE\t${valid}\t${serial}\t${rfc3339(first.notAfter)}\t${rfc3339(first.notBefore)}\n`;
	}
	return { out: tabwrite(out, pad(5)) };
}
