import { describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../support/fake-net.ts';
import { bookinfo, exec } from './helpers.ts';

const page = (net: FakeNetwork, client: Awaited<ReturnType<typeof bookinfo>>['client']) =>
	exec(net, client, ['curl', '-s', 'http://productpage:9080/productpage']);

describe('productpage', () => {
	it('renders title, details, reviews and the reviews pod name (v1: no stars)', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await page(net, client);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/<title>Simple Bookstore App<\/title>/);
		expect(r.stdout).toContain('<dt>ISBN-10:</dt>1234567890');
		expect(r.stdout).toContain('<small>Reviewer1</small>');
		expect(r.stdout).toContain(
			'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!'
		);
		expect(r.stdout).toContain('        <u>reviews-v1-569db879f5-q9jmj</u>\n');
		expect(r.stdout).not.toContain('glyphicon-star');
		expect(r.stdout).not.toContain('<font');
	});

	it('is byte-for-byte the size of the real v1 page (4294 bytes with a 27-char pod name)', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await exec(net, client, [
			'curl',
			'-s',
			'-o',
			'/dev/null',
			'-w',
			'%{size_download}',
			'http://productpage:9080/productpage'
		]);
		// istio#43587-era capture: content-length 4294 for pod reviews-v1-5fd6d4f8f8-lmpl5 (27 chars),
		// ours is reviews-v1-569db879f5-q9jmj (27 chars).
		expect(r.stdout).toBe('4294');
	});

	it.each([
		[2, 'black'],
		[3, 'red']
	])('reviews v%i shows %s stars (5 and 4 of 5)', async (version, color) => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [version]);
		const r = await page(net, client);
		expect(r.stdout).toContain(`<font color="${color}">`);
		expect(r.stdout.match(/glyphicon glyphicon-star"/g)?.length).toBe(9);
		expect(r.stdout.match(/glyphicon-star-empty/g)?.length).toBe(1);
		expect(r.stdout).toMatch(new RegExp(`<u>reviews-v${version}-`));
	});

	it('ratings down: reviews v2 says "Ratings service is currently unavailable"', async () => {
		const net = new FakeNetwork();
		const { client, pods } = await bookinfo(net, [2], ['ratings']);
		const r = await page(net, client);
		expect(r.stdout).toContain('<p><i>Ratings service is currently unavailable</i></p>');
		expect(r.stdout).not.toContain('<font');
		expect(pods['reviews-v2-6f9b55c5db-6ts96']?.logs.get('app')?.join('\n')).toContain(
			'Error: unable to contact http://ratings:9080/ratings got exception'
		);
	});

	it('details down: the page says details are unavailable', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1], ['details']);
		const r = await page(net, client);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('Error fetching product details!');
		expect(r.stdout).toContain(
			'<p>Sorry, product details are currently unavailable for this book.</p>'
		);
		expect(r.stdout).toContain('<u>reviews-v1-569db879f5-q9jmj</u>');
	});

	it('reviews down: the page says reviews are unavailable, after two attempts', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1], ['reviews']);
		const r = await page(net, client);
		expect(r.stdout).toContain('Error fetching product reviews!');
		expect(r.stdout).toContain(
			'<p>Sorry, product reviews are currently unavailable for this book.</p>'
		);
	});

	it('a hung reviews pod costs productpage its 3 s timeout twice', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		// Accept connections on a new reviews endpoint and never answer.
		net.services.splice(
			net.services.findIndex((s) => s.vip === '10.96.0.12'),
			1
		);
		net.stack('10.244.0.99').listen(9080, () => {});
		net.addService('reviews', '10.96.0.12', 9080, [{ ip: '10.244.0.99' as never, port: 9080 }]);
		const r = await exec(net, client, [
			'curl',
			'-s',
			'-w',
			'\n%{http_code} %{time_total}',
			'http://productpage:9080/productpage'
		]);
		expect(r.stdout).toContain('Sorry, product reviews are currently unavailable');
		const [, code, total] = /\n(\d+) ([\d.]+)$/.exec(r.stdout) ?? [];
		expect(code).toBe('200');
		expect(Number(total)).toBeGreaterThanOrEqual(6);
		expect(Number(total)).toBeLessThan(6.1);
	});

	const api: [string, number, RegExp][] = [
		['/health', 200, /^Product page is healthy$/],
		['/api/v1/products', 200, /^\[\{"id": 0, "title": "The Comedy of Errors", "descriptionHtml": /],
		['/api/v1/products/0', 200, /^\{"id": 0, "author": "William Shakespeare", "year": 1595, /],
		[
			'/api/v1/products/0/reviews',
			200,
			/"podname": "reviews-v1-569db879f5-q9jmj", "clustername": "null"/
		],
		[
			'/api/v1/products/0/ratings',
			200,
			/^\{"id": 0, "ratings": \{"Reviewer1": 5, "Reviewer2": 4\}\}$/
		],
		['/', 200, /Hello! This is a simple bookstore application/],
		['/static/img/izzy.png', 404, /<title>404 Not Found<\/title>/],
		['/nothing', 404, /Not Found/]
	];
	it.each(api)('GET %s → %i', async (path, status, body) => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await exec(net, client, [
			'curl',
			'-s',
			'-w',
			'\n%{http_code}',
			`productpage:9080${path}`
		]);
		const cut = r.stdout.lastIndexOf('\n');
		expect(r.stdout.slice(cut + 1)).toBe(String(status));
		expect(r.stdout.slice(0, cut)).toMatch(body);
	});

	it('DELETE /productpage is 405 from Flask', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await exec(net, client, [
			'curl',
			'-s',
			'http://productpage:9080/productpage',
			'-X',
			'DELETE'
		]);
		expect(r.stdout).toContain('<title>405 Method Not Allowed</title>');
	});

	it('login sets the user cookie; the page greets the user and reviews receive end-user', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const login = await exec(net, client, [
			'curl',
			'-si',
			'-d',
			'username=jason&passwd=x',
			'http://productpage:9080/login'
		]);
		expect(login.stdout).toMatch(/^HTTP\/1\.1 302 FOUND\r\n/);
		expect(login.stdout).toContain('Set-Cookie: user=jason; Path=/');
		const r = await exec(net, client, [
			'curl',
			'-s',
			'-H',
			'Cookie: user=jason',
			'http://productpage:9080/productpage'
		]);
		expect(r.stdout).toContain(
			'<span style="padding-left: 5px;">jason ( <a href="logout">sign out</a> )</span>'
		);
	});
});

describe('details, reviews and ratings directly', () => {
	const cases: [string, string, RegExp][] = [
		[
			'details',
			'http://details:9080/details/0',
			/^\{"id":0,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"\}$/
		],
		['details health', 'http://details:9080/health', /^\{"status":"Details is healthy"\}$/],
		['details bad id', 'http://details:9080/details/abc', /please provide numeric product id/],
		[
			'ratings',
			'http://ratings:9080/ratings/0',
			/^\{"id":0,"ratings":\{"Reviewer1":5,"Reviewer2":4\}\}$/
		],
		['ratings health', 'http://ratings:9080/health', /^\{"status":"Ratings is healthy"\}$/],
		[
			'reviews v1',
			'http://reviews:9080/reviews/0',
			/^\{"id": "0","podname": "reviews-v1-569db879f5-q9jmj","clustername": "null","reviews": \[\{ {2}"reviewer": "Reviewer1", {2}"text": "An extremely/
		],
		['reviews health', 'http://reviews:9080/health', /^\{"status": "Reviews is healthy"\}$/]
	];
	it.each(cases)('%s', async (_name, url, expected) => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await exec(net, client, ['curl', '-s', url]);
		expect(r.stdout).toMatch(expected);
	});

	it('ratings answers chunked, as Node does', async () => {
		const net = new FakeNetwork();
		const { client } = await bookinfo(net, [1]);
		const r = await exec(net, client, ['curl', '-si', 'http://ratings:9080/ratings/0']);
		expect(r.stdout).toContain('Transfer-Encoding: chunked\r\n');
		expect(r.stdout.endsWith('{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}')).toBe(true);
	});
});
