/**
 * The JSON schema of the lesson format (front matter, check conditions, predictions), and
 * validation with ajv. Errors come back as paths into the YAML they were read from, so the
 * loader can give each one a line number. Editors can use `lessonSchema` for completion.
 */
import { Ajv, type ErrorObject } from 'ajv';

const matcher = {
	anyOf: [
		{ type: ['string', 'number', 'boolean'] },
		{
			type: 'object',
			properties: { matches: { type: 'string' } },
			required: ['matches'],
			additionalProperties: false
		},
		{
			type: 'object',
			properties: { exists: { type: 'boolean' } },
			required: ['exists'],
			additionalProperties: false
		},
		{
			type: 'object',
			properties: { contains: { type: 'array', minItems: 1 } },
			required: ['contains'],
			additionalProperties: false
		}
	]
};

const strings = { type: 'array', items: { type: 'string' } };

export const PREDICATE_KEYS = [
	'allOf',
	'anyOf',
	'not',
	'resource',
	'traffic',
	'probe',
	'ran',
	'commandRan',
	'output',
	'looked',
	'capture'
] as const;

export const lessonSchema = {
	$id: 'https://mesh-playground.dev/schemas/lesson.json',
	title: 'Mesh Playground lesson',
	$defs: {
		setup: {
			type: 'object',
			properties: {
				scenario: { enum: ['bookinfo', 'empty'] },
				commands: strings,
				manifests: { ...strings, description: 'Files beside lesson.md, applied in order' }
			},
			additionalProperties: false
		},
		frontMatter: {
			type: 'object',
			properties: {
				id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
				title: { type: 'string', minLength: 1 },
				summary: { type: 'string', minLength: 1 },
				level: { enum: ['beginner', 'intermediate', 'advanced'] },
				minutes: { type: 'integer', minimum: 1 },
				prerequisites: strings,
				setup: { $ref: '#/$defs/setup' },
				seed: { type: 'integer' },
				// A BCP 47 language subtag: `de`, `pt-br`. lesson.LANG.md translates lesson.md.
				lang: { type: 'string', pattern: '^[a-z]{2,3}(-[a-z0-9]{2,8})?$' }
			},
			required: ['id', 'title', 'summary', 'level', 'minutes'],
			additionalProperties: false
		},
		condition: {
			type: 'object',
			properties: {
				name: { type: 'string', minLength: 1 },
				failure: { type: 'string' },
				settledName: { type: 'string', minLength: 1 },
				allOf: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 },
				anyOf: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 },
				not: { $ref: '#/$defs/condition' },
				resource: {
					type: 'object',
					properties: {
						kind: { type: 'string', minLength: 1 },
						name: { type: 'string' },
						namespace: { type: 'string' },
						labels: { type: 'object', additionalProperties: matcher },
						fields: { type: 'object', additionalProperties: matcher },
						exists: { type: 'boolean' }
					},
					required: ['kind'],
					additionalProperties: false
				},
				traffic: {
					type: 'object',
					properties: {
						from: { type: 'string' },
						to: { type: 'string' },
						mtls: { type: 'boolean' },
						waypoint: { type: ['boolean', 'string'] },
						result: { enum: ['allowed', 'denied'] },
						policy: { type: 'string' },
						identity: { type: 'string' },
						status: { type: 'integer' }
					},
					required: ['from', 'to'],
					additionalProperties: false
				},
				probe: {
					type: 'object',
					properties: {
						from: { type: 'string' },
						namespace: { type: 'string' },
						container: { type: 'string' },
						command: { type: 'string', minLength: 1 },
						expect: {
							type: 'object',
							properties: {
								exitCode: { type: 'integer' },
								output: { type: 'string' },
								mtls: { type: 'boolean' }
							},
							additionalProperties: false,
							minProperties: 1
						}
					},
					required: ['from', 'command', 'expect'],
					additionalProperties: false
				},
				ran: {
					type: 'object',
					properties: {
						command: {
							anyOf: [
								{ type: 'string', minLength: 1 },
								{ type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }
							]
						},
						exitCode: { type: 'integer' },
						prints: { type: 'string' }
					},
					required: ['command'],
					additionalProperties: false
				},
				commandRan: {
					type: 'object',
					properties: { matches: { type: 'string' }, exitCode: { type: 'integer' } },
					required: ['matches'],
					additionalProperties: false
				},
				output: {
					type: 'object',
					properties: { matches: { type: 'string' }, command: { type: 'string' } },
					required: ['matches'],
					additionalProperties: false
				},
				looked: {
					type: 'object',
					properties: { view: { enum: ['topology', 'traces', 'capture', 'cost'] } },
					required: ['view'],
					additionalProperties: false
				},
				capture: {
					type: 'object',
					properties: {
						port: { type: 'integer', minimum: 1, maximum: 65535 },
						payload: { enum: ['http', 'tls'] },
						betweenNodes: { type: 'boolean' },
						exists: { type: 'boolean' }
					},
					additionalProperties: false
				}
			},
			additionalProperties: false
		},
		check: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 },
		quiz: {
			type: 'object',
			properties: {
				question: { type: 'string', minLength: 1 },
				choices: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2 },
				answer: { type: 'integer', minimum: 0 },
				explain: { type: 'string', minLength: 1 }
			},
			required: ['question', 'choices', 'answer', 'explain'],
			additionalProperties: false
		},
		hint: {
			type: 'object',
			properties: {
				when: { $ref: '#/$defs/condition' },
				text: { type: 'string', minLength: 1 }
			},
			required: ['when', 'text'],
			additionalProperties: false
		},
		instructor: {
			type: 'object',
			properties: {
				minutes: { type: 'integer', minimum: 1, maximum: 120 },
				notes: { type: 'string', minLength: 1 }
			},
			additionalProperties: false
		},
		predict: {
			type: 'object',
			properties: {
				question: { type: 'string', minLength: 1 },
				choices: { ...strings, minItems: 2 },
				answer: { type: 'integer', minimum: 0 },
				explain: { type: 'string' },
				settledBy: {
					anyOf: [
						{ type: 'string', minLength: 1 },
						{ type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }
					]
				}
			},
			required: ['question', 'choices', 'answer', 'explain'],
			additionalProperties: false
		}
	}
} as const;

export type SchemaPart = 'frontMatter' | 'check' | 'predict' | 'quiz' | 'hint' | 'instructor';

export interface SchemaProblem {
	/** Where in the YAML value: keys and indexes. */
	readonly path: readonly (string | number)[];
	readonly message: string;
	/** A more precise place for the line number (the unknown key itself). */
	readonly at?: readonly (string | number)[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(lessonSchema);
const validators = new Map(
	(['frontMatter', 'check', 'predict', 'quiz', 'hint', 'instructor'] as const).map((part) => [
		part,
		ajv.compile({ $ref: `${lessonSchema.$id}#/$defs/${part}` })
	])
);

export function validatePart(part: SchemaPart, value: unknown): SchemaProblem[] {
	const validate = validators.get(part)!;
	const problems = validate(value) ? [] : (validate.errors ?? []).map(describe);
	if (part === 'check' && problems.length === 0) problems.push(...predicateCounts(value, []));
	if (part === 'hint' && problems.length === 0) {
		const when = (value as { when: Record<string, unknown> }).when;
		problems.push(...conditionProblems(when, ['when']));
		if (problems.length === 0 && JSON.stringify(when).includes('"probe":'))
			problems.push({
				path: ['when'],
				message: 'a hint reads what the learner did: its condition cannot run a probe'
			});
	}
	// anyOf over matchers repeats one mistake three times; keep the first per path.
	const seen = new Set<string>();
	return problems.filter((p) => {
		const key = p.path.join('/');
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function describe(error: ErrorObject): SchemaProblem {
	const path = error.instancePath
		.split('/')
		.slice(1)
		.map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'additionalProperties':
			return {
				path,
				at: [...path, String(params.additionalProperty)],
				message: `unknown field "${String(params.additionalProperty)}"`
			};
		case 'required':
			return { path, message: `missing required field "${String(params.missingProperty)}"` };
		case 'enum':
			return {
				path,
				message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`
			};
		case 'anyOf':
			return {
				path,
				message: 'must be a value, {matches: REGEX}, {exists: BOOL} or {contains: [PATTERN]}'
			};
		default:
			return { path, message: error.message ?? 'is invalid' };
	}
}

/** Each condition holds exactly one predicate; checklist items (top level) need a name. */
function predicateCounts(value: unknown, path: (string | number)[]): SchemaProblem[] {
	if (!Array.isArray(value)) return [];
	const out: SchemaProblem[] = [];
	value.forEach((c, i) => {
		out.push(...conditionProblems(c as Record<string, unknown>, [...path, i]));
		if (typeof (c as { name?: unknown }).name !== 'string')
			out.push({ path: [...path, i], message: 'a checklist item needs a "name"' });
	});
	return out;
}

function conditionProblems(c: Record<string, unknown>, path: (string | number)[]): SchemaProblem[] {
	const keys = PREDICATE_KEYS.filter((k) => k in c);
	if (keys.length !== 1) {
		const message =
			keys.length === 0
				? `needs one of: ${PREDICATE_KEYS.join(', ')}`
				: `has ${keys.join(' and ')}: use one per condition (combine them with allOf)`;
		return [{ path, message }];
	}
	const key = keys[0] as string;
	const inner = c[key];
	if (key === 'not') return conditionProblems(inner as Record<string, unknown>, [...path, key]);
	if (key === 'allOf' || key === 'anyOf')
		return (inner as Record<string, unknown>[]).flatMap((x, i) =>
			conditionProblems(x, [...path, key, i])
		);
	return [];
}
