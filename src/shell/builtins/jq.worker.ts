/**
 * The page's jq process: jq-web runs synchronously, so in the page it runs here, where a filter
 * that never ends (`jq -n 'repeat(1)'`) blocks only this worker, and Ctrl-C terminates it.
 */
import { jqWeb } from './jq-web-loader.ts';
import { runOn, type JqRequest } from './jq-run.ts';

interface Envelope extends JqRequest {
	readonly id: number;
}

self.onmessage = async (event: MessageEvent<Envelope>) => {
	const { id, ...request } = event.data;
	const jq = await jqWeb.instance;
	self.postMessage({ id, ...runOn(jq, request) });
};
