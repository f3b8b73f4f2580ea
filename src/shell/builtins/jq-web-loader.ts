/**
 * jq-web's module.exports is a promise, so its ES namespace has a `then`: awaiting
 * `import('jq-web')` would treat the namespace as that promise (with the wrong receiver). This
 * module holds the promise in a box for jq.worker.ts.
 */
import jq from 'jq-web';

export const jqWeb = { instance: jq };
