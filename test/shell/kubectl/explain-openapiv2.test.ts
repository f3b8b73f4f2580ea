/**
 * The older explain renderer's line wrapping, against kubectl pkg/explain/formatter_test.go
 * (v0.34) TestFormatterWrappedWrite: words fill a line; a long word gets its own; a line after
 * one ending in ':', bullets and blank lines start anew; 4-space indented lines stay verbatim.
 */
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/shell/kubectl/explain-openapiv2.ts';

/** The test's Formatter{Wrap: 50}.Indent(n).WriteWrapped(text). */
const written = (indent: number, text: string): string =>
	wrapLines(text, 50 - indent)
		.map((l) => (l === '' ? '\n' : `${' '.repeat(indent)}${l}\n`))
		.join('');

const LOREM =
	'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Morbi at turpis faucibus, gravida dolor ut, fringilla velit.';

describe('wrapLines (formatter.go wrapString)', () => {
	it('fills lines up to the wrap column, indented', () => {
		expect(written(0, LOREM) + written(10, LOREM)).toBe(
			`Lorem ipsum dolor sit amet, consectetur adipiscing
elit. Morbi at turpis faucibus, gravida dolor ut,
fringilla velit.
          Lorem ipsum dolor sit amet, consectetur
          adipiscing elit. Morbi at turpis
          faucibus, gravida dolor ut, fringilla
          velit.
`
		);
	});

	it('puts a word longer than the line on its own', () => {
		expect(
			written(
				20,
				"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ThisIsAVeryLongWordThatDoesn'tFitOnALineOnItsOwn. Morbi at turpis faucibus, gravida dolor ut, fringilla velit."
			)
		).toBe(`                    Lorem ipsum dolor sit amet,
                    consectetur adipiscing elit.
                    ThisIsAVeryLongWordThatDoesn'tFitOnALineOnItsOwn.
                    Morbi at turpis faucibus,
                    gravida dolor ut, fringilla
                    velit.
`);
	});

	it('keeps paragraphs, labels, bullets and code blocks', () => {
		const text = `
This is an
introductory paragraph
that should end
up on a continuous line.

Example:
Example text on its own line

List:
1.  Item with
 wrapping text
11.  Another
 item with wrapping text
* Bullet item
 with wrapping text
- Dash item
 with wrapping text

base64(
    code goes here
    and here
)`;
		expect(written(4, text)).toBe(`    This is an introductory paragraph that should
    end up on a continuous line.

    Example:
    Example text on its own line

    List:
    1. Item with wrapping text
    11. Another item with wrapping text
    * Bullet item with wrapping text
    - Dash item with wrapping text

    base64(
        code goes here
        and here
    )
`);
	});
});
