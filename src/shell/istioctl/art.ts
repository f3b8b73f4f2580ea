/**
 * The banner `istioctl install` prints first (pkg/art/istio-ascii.txt, verbatim, trailing spaces
 * included). Real istioctl colours it bright blue on a terminal; the playground prints it plain.
 */
export const ISTIO_ART = [
	'        |\\          ',
	'        | \\         ',
	'        |  \\        ',
	'        |   \\       ',
	'      /||    \\      ',
	'     / ||     \\     ',
	'    /  ||      \\    ',
	'   /   ||       \\   ',
	'  /    ||        \\  ',
	' /     ||         \\ ',
	'/______||__________\\',
	'____________________',
	'  \\__       _____/  ',
	'     \\_____/        ',
	''
].join('\n');
