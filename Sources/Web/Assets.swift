/// The application's stylesheet and its one small script (served from this site only, as the
/// Content-Security-Policy requires). Pages work without the script.
enum Assets {
  static func serve(_ name: String) -> HTTPResponse {
    switch name {
    case "app.css":
      return HTTPResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "public, max-age=3600")], body: Array(css.utf8))
    case "app.js":
      return HTTPResponse(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "public, max-age=3600")], body: Array(js.utf8))
    default:
      return HTTPResponse(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("Not found\n".utf8))
    }
  }

  /// Colours keep at least 4.5:1 contrast on white; focus is a thick yellow outline with a dark
  /// edge (the GOV.UK pattern), visible on any background.
  static let css = """
    :root { --ink: #0b0c0c; --muted: #484949; --line: #b1b4b6; --accent: #1d4f91; --accent-dark: #123466; --error: #b10e1e;
            --ok: #00703c; --focus: #ffdd00; --panel: #f3f2f1; }
    * { box-sizing: border-box; }
    html { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
    body { margin: 0; background: #fff; }
    a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: .15em; }
    a:hover { color: var(--accent-dark); text-decoration-thickness: 3px; }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus {
      outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 6px var(--ink); }
    a:focus { background: var(--focus); color: var(--ink); text-decoration: none; }
    .skip { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--ink); padding: .5rem 1rem; }
    .skip:focus { left: 0; z-index: 10; }
    header.top { background: var(--ink); color: #fff; }
    header.top .bar { max-width: 1100px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem;
      justify-content: space-between; align-items: center; }
    header.top a { color: #fff; }
    header.top a:focus { color: var(--ink); }
    .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
    .account { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    .account .who { color: #fff; }
    header.top nav { background: var(--accent-dark); }
    header.top nav ul { max-width: 1100px; margin: 0 auto; padding: .3rem 1rem; list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    header.top nav a[aria-current] { font-weight: 700; text-decoration-thickness: 3px; }
    main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    footer { border-top: 1px solid var(--line); color: var(--muted); }
    footer p { max-width: 1100px; margin: 0 auto; padding: 1rem; font-size: .9rem; }
    h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 1rem; }
    h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; }
    h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
    .lead { font-size: 1.15rem; }
    .meta { color: var(--muted); }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .95rem; }
    caption { text-align: left; font-weight: 700; padding: .25rem 0; }
    th, td { border-bottom: 1px solid var(--line); padding: .45rem .5rem .45rem 0; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid var(--ink); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .scroll { overflow-x: auto; }
    .field { margin: 0 0 1.25rem; }
    label, legend { display: block; font-weight: 700; margin-bottom: .25rem; }
    .hint { color: var(--muted); margin: 0 0 .35rem; }
    input[type=text], input[type=email], input[type=password], select, textarea {
      font: inherit; width: 100%; max-width: 36rem; padding: .4rem; border: 2px solid var(--ink); border-radius: 0; background: #fff; color: var(--ink); }
    input.short { max-width: 8rem; }
    input[type=file] { font: inherit; }
    fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; }
    .claim { display: flex; flex-wrap: wrap; gap: 0 1rem; }
    .claim .field { flex: 1 1 18rem; }
    .check { display: flex; gap: .5rem; align-items: center; margin: .25rem 0; }
    .check label { display: inline; font-weight: 400; margin: 0; }
    .check input { width: 1.4rem; height: 1.4rem; }
    button { font: inherit; font-weight: 700; background: var(--ok); color: #fff; border: 0; border-bottom: 2px solid #002d18;
      padding: .5rem 1rem; cursor: pointer; }
    button:hover { background: #005a30; }
    button.secondary { background: var(--panel); color: var(--ink); border-bottom-color: #929191; }
    button.warning { background: var(--error); border-bottom-color: #55150e; }
    button.small { padding: .2rem .6rem; font-size: .9rem; }
    button.link { background: none; border: 0; color: #fff; text-decoration: underline; padding: 0; font-weight: 400; }
    form.inline { display: inline; }
    .inline-form { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
    .inline-form .field { margin-bottom: .75rem; }
    .inline-form button { margin-bottom: .75rem; }
    .has-error { border-left: 5px solid var(--error); padding-left: .75rem; }
    .has-error input, .has-error select, .has-error textarea { border-color: var(--error); }
    .error { color: var(--error); font-weight: 700; margin: 0 0 .35rem; }
    .error-summary { border: 5px solid var(--error); padding: 1rem; margin: 0 0 1.5rem; }
    .error-summary h2 { margin-top: 0; }
    .error-summary a { color: var(--error); font-weight: 700; }
    .banner { border: 5px solid var(--ok); padding: .5rem 1rem; margin: 0 0 1.5rem; }
    .running { border-left: 5px solid var(--accent); background: var(--panel); padding: .75rem 1rem; }
    .ok { color: var(--ok); font-weight: 700; }
    .todo { color: var(--error); font-weight: 700; }
    .st { font-weight: 700; }
    .st-verified { color: var(--ok); } .st-rejected { color: var(--error); } .st-pending { color: var(--muted); }
    .actions, .menu { padding-left: 1.2rem; }
    .actions li, .menu li { margin: .3rem 0; }
    .columns { columns: 16rem; }
    .columns li { margin: 0 0 .2rem; }
    .columns a, .report td a { display: inline-block; min-height: 24px; min-width: 24px; }
    .pending { border: 1px solid var(--line); padding: .75rem 1rem; margin: 0 0 1rem; }
    .title-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
    .title-row h2 { margin: 0; font-size: 1.2rem; }
    .reflection { white-space: normal; background: var(--panel); padding: .5rem .75rem; }
    .subnav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    .report h1 { font-size: 1.7rem; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden;
      clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; white-space: nowrap; }
    svg[role=img] { max-width: 100%; height: auto; }
    @media print { header.top, footer, .actions, .skip { display: none; } main { max-width: none; padding: 0; } }
    """

  /// Reloads a page that says long work is still running, moves focus to an error summary, and
  /// makes the language link switch in one click: it fetches the form the link leads to (which
  /// carries the token) and posts it; should that fail, the link is followed as without script.
  static let js = """
    (function () {
      var language = document.querySelector('a[data-language-switch]');
      if (language && window.fetch && window.DOMParser) {
        language.addEventListener('click', function (event) {
          event.preventDefault();
          var href = language.getAttribute('href');
          fetch(href, {credentials: 'same-origin'}).then(function (answer) { return answer.text(); }).then(function (html) {
            var form = new DOMParser().parseFromString(html, 'text/html').getElementById('language-form');
            if (!form) { throw new Error('no form'); }
            form = document.importNode(form, true);
            form.hidden = true;
            document.body.appendChild(form);
            form.submit();
          }).catch(function () { window.location.href = href; });
        });
      }
      var running = document.querySelector('[data-refresh]');
      if (running) {
        var seconds = parseInt(running.getAttribute('data-refresh'), 10) || 2;
        setTimeout(function () { window.location.reload(); }, seconds * 1000);
      }
      var summary = document.querySelector('.error-summary');
      if (summary) { summary.focus(); }
    })();
    """
}
