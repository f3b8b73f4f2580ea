/**
 * The HTML productpage renders: the Bootstrap page the 1.20 images serve (Flask-Bootstrap base
 * plus templates/productpage.html). Our own transcription of the rendered output; the blank
 * lines where template tags stood are kept, because `grep -A` over the page depends on them.
 */

export interface Product {
	readonly id: number;
	readonly title: string;
	readonly descriptionHtml: string;
}

export interface Rating {
	readonly stars?: number;
	readonly color?: string;
	readonly error?: string;
}

export interface Review {
	readonly reviewer?: string;
	readonly text?: string;
	readonly rating?: Rating;
}

export interface ReviewsBody {
	readonly podname?: string;
	readonly clustername?: string;
	readonly reviews?: readonly Review[];
	readonly error?: string;
}

export interface DetailsBody {
	readonly type?: unknown;
	readonly pages?: unknown;
	readonly publisher?: unknown;
	readonly language?: unknown;
	readonly 'ISBN-10'?: unknown;
	readonly 'ISBN-13'?: unknown;
	readonly error?: string;
}

export interface PageModel {
	readonly product: Product;
	readonly detailsStatus: number;
	readonly details: DetailsBody;
	readonly reviewsStatus: number;
	readonly reviews: ReviewsBody;
	/** The signed-in user, or '' */
	readonly user: string;
}

export const PRODUCTS: readonly Product[] = [
	{
		id: 0,
		title: 'The Comedy of Errors',
		descriptionHtml:
			'<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.'
	}
];

/** Jinja's autoescape (markupsafe): the five HTML specials. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&#34;')
		.replace(/'/g, '&#39;');
}

/**
 * A tag on its own line renders as its indentation plus the line end; a block's body keeps its
 * lines. So `I{% if %}\nBODY I{% endif %}\n` is `I\n` + BODY + `I\n` when taken, `I\n` when not.
 */
const when = (indent: string, taken: boolean, body: string): string =>
	taken ? `${indent}\n${body}${indent}\n` : `${indent}\n`;
const either = (indent: string, taken: boolean, yes: string, no: string): string =>
	`${indent}\n${taken ? yes : no}${indent}\n`;
/** `I{% for %}\nI LINE\nI{% endfor %}\n`, `n` times. */
const repeat = (indent: string, n: number, line: string): string =>
	`${indent}${`\n${indent}${line}\n${indent}`.repeat(Math.max(0, n))}\n`;

function navbar(user: string): string {
	const signedIn =
		'    <p class="navbar-text navbar-right">\n' +
		'      <i class="glyphicon glyphicon-user" aria-hidden="true"></i>\n' +
		`      <span style="padding-left: 5px;">${escapeHtml(user)} ( <a href="logout">sign out</a> )</span>\n` +
		'    </p>\n';
	const signIn =
		'    <button type="button" class="btn btn-default navbar-btn navbar-right" data-toggle="modal" href="#login-modal">Sign\n' +
		'      in</button>\n';
	return (
		'<nav class="navbar navbar-inverse navbar-static-top">\n' +
		'  <div class="container">\n' +
		'    <div class="navbar-header">\n' +
		'      <a class="navbar-brand" href="#">BookInfo Sample</a>\n' +
		'    </div>\n' +
		either('    ', user !== '', signedIn, signIn) +
		'  </div>\n' +
		'</nav>\n'
	);
}

const HEAD = `<!DOCTYPE html>
<html>
  <head>
    <title>Simple Bookstore App</title>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1.0">

<!-- Latest compiled and minified CSS -->
<link rel="stylesheet" href="static/bootstrap/css/bootstrap.min.css">

<!-- Optional theme -->
<link rel="stylesheet" href="static/bootstrap/css/bootstrap-theme.min.css">

  </head>
  <body>
    
    

`;

const OLD_NAVBAR_COMMENT = `
<!---
<div class="navbar navbar-inverse navbar-fixed-top">
  <div class="container">
    <div class="navbar-header pull-left">
      <a class="navbar-brand" href="#">Microservices Fabric BookInfo Demo</a>
    </div>
    <div class="navbar-header pull-right">
      <button type="button" class="navbar-toggle" data-toggle="collapse" data-target=".navbar-collapse">
        <span class="icon-bar"></span>
        <span class="icon-bar"></span>
        <span class="icon-bar"></span>
      </button>
    </div>
    <div class="navbar-collapse collapse">

      <button type="button" class="btn btn-default navbar-btn pull-right" data-toggle="modal" data-target="#login-modal">Sign in</button>

    </div>
  </div>
</div>
-->

<div id="login-modal" class="modal fade" role="dialog">
  <div class="modal-dialog">
    <div class="modal-content">
      <div class="modal-header">
        <button type="button" class="close" data-dismiss="modal">&times;</button>
        <h4 class="modal-title">Please sign in</h4>
      </div>
      <div class="modal-body">
        <form method="post" action='login' name="login_form">
          <p><input type="text" class="form-control" name="username" id="username" placeholder="User Name"></p>
          <p><input type="password" class="form-control" name="passwd" placeholder="Password"></p>
          <p>
            <button type="submit" class="btn btn-primary">Sign in</button>
            <button type="button" class="btn btn-default" data-dismiss="modal">Cancel</button>
          </p>
        </form>
      </div>
    </div>

  </div>
</div>

`;

const TAIL = `


    
<!-- Latest compiled and minified JavaScript -->
<script src="static/jquery.min.js"></script>

<!-- Latest compiled and minified JavaScript -->
<script src="static/bootstrap/js/bootstrap.min.js"></script>

<script type="text/javascript">
  $('#login-modal').on('shown.bs.modal', function () {
    $('#username').focus();
  });
</script>

  </body>
</html>
`;

function detailsColumn(m: PageModel): string {
	const d = m.details;
	const ok =
		'      <h4 class="text-center text-primary">Book Details</h4>\n' +
		'      <dl>\n' +
		`        <dt>Type:</dt>${escapeHtml(d.type)}\n` +
		`        <dt>Pages:</dt>${escapeHtml(d.pages)}\n` +
		`        <dt>Publisher:</dt>${escapeHtml(d.publisher)}\n` +
		`        <dt>Language:</dt>${escapeHtml(d.language)}\n` +
		`        <dt>ISBN-10:</dt>${escapeHtml(d['ISBN-10'])}\n` +
		`        <dt>ISBN-13:</dt>${escapeHtml(d['ISBN-13'])}\n` +
		'      </dl>\n';
	const failed =
		'      <h4 class="text-center text-primary">Error fetching product details!</h4>\n' +
		when('      ', true, `      <p>${escapeHtml(d.error)}</p>\n`);
	return (
		'    <div class="col-md-6">\n' +
		either('      ', m.detailsStatus === 200, ok, failed) +
		'    </div>\n'
	);
}

function stars(r: Rating): string {
	const n = Math.max(0, Math.min(5, Math.trunc(Number(r.stars) || 0)));
	const font =
		`        <font color="${escapeHtml(r.color)}">\n` +
		'          <!-- full stars: -->\n' +
		repeat('          ', n, '<span class="glyphicon glyphicon-star"></span>') +
		'          <!-- empty stars: -->\n' +
		repeat('          ', 5 - n, '<span class="glyphicon glyphicon-star-empty"></span>') +
		'        </font>\n';
	const error = r.error ? `        <p><i>${escapeHtml(r.error)}</i></p>\n` : '';
	// {% if stars %} … {% elif error %} … {% endif %}: the elif tag line renders only when reached.
	if (r.stars) return `        \n${font}        \n`;
	return r.error ? `        \n${error}        \n` : `        \n`;
}

function review(r: Review): string {
	return (
		'      <blockquote>\n' +
		`        <p>${escapeHtml(r.text)}</p>\n` +
		`        <small>${escapeHtml(r.reviewer)}</small>\n` +
		when('        ', r.rating !== undefined, r.rating ? stars(r.rating) : '') +
		'      </blockquote>\n'
	);
}

function reviewsColumn(m: PageModel): string {
	const r = m.reviews;
	const list = r.reviews ?? [];
	const ok =
		'      <h4 class="text-center text-primary">Book Reviews</h4>\n' +
		`      ${list.map((x) => `\n${review(x)}      `).join('')}\n` +
		'      <dl>\n' +
		'        <dt>Reviews served by:</dt>\n' +
		`        <u>${escapeHtml(r.podname)}</u>\n` +
		when(
			'        ',
			r.clustername !== 'null',
			`        on cluster <u>${escapeHtml(r.clustername)}</u>\n`
		) +
		'      </dl>\n';
	const failed =
		'      <h4 class="text-center text-primary">Error fetching product reviews!</h4>\n' +
		when('      ', true, `      <p>${escapeHtml(r.error)}</p>\n`);
	return (
		'    <div class="col-md-6">\n' +
		either('      ', m.reviewsStatus === 200, ok, failed) +
		'    </div>\n'
	);
}

export function renderProductPage(m: PageModel): string {
	return (
		HEAD +
		navbar(m.user) +
		OLD_NAVBAR_COMMENT +
		'<div class="container-fluid">\n' +
		'  <div class="row">\n' +
		'    <div class="col-md-12">\n' +
		`      <h3 class="text-center text-primary">${escapeHtml(m.product.title)}</h3>\n` +
		'      \n' +
		`      <p>Summary: ${m.product.descriptionHtml}</p>\n` +
		'      \n' +
		'    </div>\n' +
		'  </div>\n' +
		'\n' +
		'  <div class="row">\n' +
		detailsColumn(m) +
		'\n' +
		reviewsColumn(m) +
		'  </div>\n' +
		'</div>' +
		TAIL
	);
}

/** The index page: the service table and the two sample-user links. */
export function renderIndex(serviceTable: string): string {
	return (
		HEAD.replace('initial-scale=1.0', 'initial-scale=1') +
		'    <p><h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3></p>\n' +
		'    \n' +
		`    ${serviceTable}\n` +
		'    \n' +
		'    <p><h4>Click on one of the links below to auto generate a request to the backend as a real user or a tester\n' +
		'    </h4></p>\n' +
		'    <p><a href="/productpage?u=normal">Normal user</a></p>\n' +
		'    <p><a href="/productpage?u=test">Test user</a></p>\n' +
		TAIL
	);
}
