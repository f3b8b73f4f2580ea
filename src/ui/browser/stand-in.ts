/**
 * A stand-in for Bootstrap 3's stylesheet, used when a page links
 * `static/bootstrap/css/bootstrap.min.css` and the app does not serve it. Bookinfo's real
 * productpage image ships Bootstrap; ours serves only the page. Just what Bookinfo's markup
 * needs: the navbar, the grid it uses, and the glyphicon stars (drawn with text, no web font).
 */
export const BOOTSTRAP_STAND_IN = `
html { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.43; color: #333; }
body { margin: 0; background: #fff; }
a { color: #337ab7; text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3, h4 { font-weight: 500; line-height: 1.1; margin: 20px 0 10px; }
h3 { font-size: 24px; } h4 { font-size: 18px; }
.text-center { text-align: center; } .text-primary { color: #337ab7; }
.container, .container-fluid { padding: 0 15px; margin: 0 auto; }
.row { margin: 0 -15px; display: flex; flex-wrap: wrap; }
[class*="col-md-"] { padding: 0 15px; box-sizing: border-box; flex: 1 1 100%; }
@media (min-width: 700px) { .col-md-6 { flex: 0 0 50%; } .col-md-12 { flex: 0 0 100%; } }
.navbar { min-height: 50px; margin-bottom: 20px; border: 1px solid transparent; }
.navbar-inverse { background: #222; border-color: #080808; }
.navbar-brand { float: left; padding: 15px; font-size: 18px; line-height: 20px; color: #9d9d9d; }
.navbar-inverse .navbar-brand:hover { color: #fff; text-decoration: none; }
.navbar-right { float: right; margin-right: 15px; }
.navbar-btn { margin: 8px 0; }
.navbar-static-top { border-width: 0 0 1px; }
.btn { display: inline-block; padding: 6px 12px; font-size: 14px; border: 1px solid #ccc; border-radius: 4px; background: #fff; color: #333; }
.navbar .glyphicon-user, .navbar span { color: #9d9d9d; }
blockquote { padding: 10px 20px; margin: 0 0 20px; border-left: 5px solid #eee; font-size: 17.5px; }
blockquote small { display: block; font-size: 80%; color: #777; }
blockquote small::before { content: "\\2014 \\00A0"; }
dl { margin: 0 0 20px; } dt { font-weight: 700; } dd { margin: 0 0 6px; }
table { border-collapse: collapse; }
.table { width: 100%; margin-bottom: 20px; } .table th, .table td { padding: 8px; border-top: 1px solid #ddd; text-align: left; }
.modal, .fade { display: none; }
.glyphicon { display: inline-block; font-style: normal; line-height: 1; }
.glyphicon-star::before { content: "\\2605"; }
.glyphicon-star-empty::before { content: "\\2606"; }
.glyphicon-user::before { content: "\\263A"; }
`;
