/**
 * The Pod's `ephemeralcontainers` subresource: the only way to add an ephemeral container.
 * Mirrors kubernetes pkg/apis/core/validation ValidatePodEphemeralContainersUpdate (existing
 * ones may be neither changed nor removed; a new one needs a unique name, an image and, with
 * `targetContainerName`, a container to target) and ValidatePodUpdate, which refuses a plain
 * update that changes them.
 */
import { deepEqual } from './deep.ts';
import { duplicate, forbidden, invalid, required, type FieldError } from './field-errors.ts';
import { isDns1123Label } from './names.ts';
import type { EphemeralContainer, KubeObject, Pod } from './objects.ts';

const PATH = 'spec.ephemeralContainers';

export function ephemeralContainersOf(pod: { readonly spec: Pod['spec'] }): EphemeralContainer[] {
	return Array.isArray(pod.spec.ephemeralContainers) ? pod.spec.ephemeralContainers : [];
}

const specOf = (o: KubeObject): Pod['spec'] => (o.spec ?? { containers: [] }) as Pod['spec'];

/** A plain update (not the subresource) that changes ephemeral containers: refused. */
export function plainUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
	const before = ephemeralContainersOf({ spec: specOf(old) });
	const after = ephemeralContainersOf({ spec: specOf(obj) });
	if (deepEqual(before, after)) return [];
	return [
		forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`')
	];
}

/** What the subresource accepts: additions only, each well-formed. */
export function subresourceErrors(obj: KubeObject, old: KubeObject): FieldError[] {
	const errs: FieldError[] = [];
	const spec = specOf(obj);
	const before = ephemeralContainersOf({ spec: specOf(old) });
	const after = ephemeralContainersOf({ spec });
	for (const prev of before) {
		const i = after.findIndex((c) => c.name === prev.name);
		if (i === -1)
			errs.push(
				forbidden(
					PATH,
					`existing ephemeral containers ${JSON.stringify(prev.name)} may not be removed`
				)
			);
		else if (!deepEqual(after[i], prev))
			errs.push(
				forbidden(
					`${PATH}[${i}]`,
					`existing ephemeral containers ${JSON.stringify(prev.name)} may not be changed`
				)
			);
	}
	const taken = new Set([
		...(spec.containers ?? []).map((c) => c.name),
		...(spec.initContainers ?? []).map((c) => c.name)
	]);
	after.forEach((c, i) => {
		const path = `${PATH}[${i}]`;
		if (typeof c.name !== 'string' || c.name === '') errs.push(required(`${path}.name`));
		else if (isDns1123Label(c.name).length > 0)
			errs.push(invalid(`${path}.name`, c.name, isDns1123Label(c.name).join('; ')));
		else if (taken.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
		else taken.add(c.name);
		if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(required(`${path}.image`));
		const target = c.targetContainerName;
		if (
			target !== undefined &&
			target !== '' &&
			!(spec.containers ?? []).some((x) => x.name === target) &&
			!(spec.initContainers ?? []).some((x) => x.name === target)
		)
			errs.push(`${path}.targetContainerName: Not found: ${JSON.stringify(target)}`);
	});
	return errs;
}
