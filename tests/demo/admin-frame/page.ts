// The HTML of the local admin: a top bar, a left nav (with the app's <ui-nav-menu> links) and
// the app in an iframe, plus the admin side of the App Bridge stand-in's messages (session
// tokens, toasts, loading bar, title bar, navigation).

export interface AdminPageOptions {
  shop: string;
  appName: string;
  appOrigin: string;
  iframeSrc: string;
  /** Same-origin path the page POSTs to for a fresh session token. */
  tokenPath: string;
  /** Same-origin path listing the shop's products for the resource picker. */
  pickerPath: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// JSON inside <script type="application/json">: only "<" can end the element early.
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

export function renderAdminPage(options: AdminPageOptions): string {
  const config = {
    channel: "app-bridge-standin",
    appOrigin: options.appOrigin,
    tokenPath: options.tokenPath,
    pickerPath: options.pickerPath,
    appName: options.appName,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.appName)} · ${escapeHtml(options.shop)} · Shopify admin (local stand-in)</title>
<style>
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; font-size: 13px; }
  body { display: grid; grid-template-rows: 56px 1fr; grid-template-columns: 240px 1fr; background: #f1f1f1; }
  header { grid-column: 1 / 3; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; gap: 12px; padding: 0 16px; position: relative; }
  header .brand { font-weight: 650; color: #fff; }
  header .shop { margin-left: auto; opacity: .8; }
  #loading { position: absolute; left: 0; bottom: 0; height: 3px; width: 0; background: #36c5f0; transition: width .4s; }
  #loading.on { width: 70%; }
  nav { background: #ebebeb; padding: 12px 8px; overflow: auto; }
  nav a, nav span { display: block; padding: 6px 10px; border-radius: 8px; color: #303030; text-decoration: none; }
  nav span { color: #8a8a8a; }
  nav a:hover { background: #fafafa; }
  nav .section { margin-top: 16px; padding: 6px 10px; font-size: 12px; font-weight: 650; color: #616161; }
  nav a.app { font-weight: 650; }
  nav a.sub { padding-left: 24px; }
  nav a.current { background: #fff; }
  main { display: flex; flex-direction: column; min-width: 0; }
  #title-bar { height: 48px; display: flex; align-items: center; padding: 0 20px; font-size: 16px; font-weight: 650; background: #f1f1f1; }
  iframe { flex: 1; width: 100%; border: 0; background: #f1f1f1; }
  #toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; align-items: center; }
  .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 10px; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
  .toast.error { background: #8e1f0b; }
  #picker { position: fixed; inset: 0; background: rgba(0,0,0,.5); display: none; align-items: center; justify-content: center; }
  #picker.open { display: flex; }
  #picker .sheet { background: #fff; border-radius: 12px; width: 560px; max-width: 92vw; max-height: 80vh; display: flex; flex-direction: column; }
  #picker h2 { font-size: 14px; margin: 0; padding: 14px 16px; border-bottom: 1px solid #e3e3e3; }
  #picker input[type=search] { margin: 12px 16px; padding: 6px 10px; border: 1px solid #8a8a8a; border-radius: 8px; }
  #picker ul { list-style: none; margin: 0; padding: 0 16px; overflow: auto; flex: 1; }
  #picker li label { display: flex; gap: 8px; padding: 8px 0; border-bottom: 1px solid #f1f1f1; }
  #picker footer { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 16px; border-top: 1px solid #e3e3e3; }
  #picker button { padding: 6px 12px; border-radius: 8px; border: 1px solid #c9c9c9; background: #fff; }
  #picker button.primary { background: #303030; color: #fff; border-color: #303030; }
</style>
</head>
<body>
<header>
  <span class="brand">Shopify admin</span><span>(local stand-in)</span>
  <span class="shop">${escapeHtml(options.shop)}</span>
  <div id="loading"></div>
</header>
<nav aria-label="Admin">
  <span>Home</span><span>Orders</span><span>Products</span><span>Customers</span>
  <div class="section">Apps</div>
  <a class="app" id="app-home" href="#">${escapeHtml(options.appName)}</a>
  <div id="app-nav"></div>
</nav>
<main>
  <div id="title-bar" role="heading" aria-level="1">${escapeHtml(options.appName)}</div>
  <iframe id="app-frame" name="app-iframe" title="${escapeHtml(options.appName)}" src="${escapeHtml(options.iframeSrc)}"></iframe>
</main>
<div id="toasts" role="status" aria-live="polite"></div>
<div id="picker" role="dialog" aria-modal="true" aria-labelledby="picker-title">
  <div class="sheet">
    <h2 id="picker-title">Select products</h2>
    <input type="search" id="picker-search" placeholder="Search products" aria-label="Search products">
    <ul id="picker-list"></ul>
    <footer><button type="button" id="picker-cancel">Cancel</button><button type="button" class="primary" id="picker-select">Select</button></footer>
  </div>
</div>
<script type="application/json" id="admin-config">${jsonForScript(config)}</script>
<script>
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("admin-config").textContent);
  var frame = document.getElementById("app-frame");
  var homeHref = null;

  function send(message) {
    message.channel = config.channel;
    frame.contentWindow.postMessage(message, config.appOrigin);
  }

  function fetchToken() {
    return fetch(config.tokenPath, { method: "POST", headers: { "X-Admin-Frame": "1" } }).then(function (response) {
      if (!response.ok) throw new Error("session token request failed: " + response.status);
      return response.json();
    }).then(function (body) { return body.token; });
  }

  function navigate(href, link) {
    document.querySelectorAll("nav a.current").forEach(function (a) { a.classList.remove("current"); });
    if (link) link.classList.add("current");
    if (href) send({ type: "navigate", href: href });
  }

  function renderNav(items) {
    var container = document.getElementById("app-nav");
    container.textContent = "";
    homeHref = null;
    items.forEach(function (item) {
      if (item.home) { homeHref = item.href; return; }
      var link = document.createElement("a");
      link.className = "sub";
      link.href = "#";
      link.textContent = item.label;
      link.addEventListener("click", function (event) { event.preventDefault(); navigate(item.href, link); });
      container.appendChild(link);
    });
  }

  document.getElementById("app-home").addEventListener("click", function (event) {
    event.preventDefault();
    navigate(homeHref, event.currentTarget);
  });

  var toasts = {};
  function showToast(message) {
    var element = document.createElement("div");
    element.className = "toast" + (message.isError ? " error" : "");
    element.textContent = message.message;
    document.getElementById("toasts").appendChild(element);
    toasts[message.toastId] = element;
    setTimeout(function () { hideToast(message.toastId); }, message.duration);
  }
  function hideToast(id) {
    if (toasts[id]) { toasts[id].remove(); delete toasts[id]; }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== config.appOrigin) return;
    var message = event.data;
    if (!message || message.channel !== config.channel) return;
    switch (message.type) {
      case "idToken":
        fetchToken().then(
          function (token) { send({ type: "reply", id: message.id, value: token }); },
          function (error) { send({ type: "reply", id: message.id, error: String(error.message || error) }); }
        );
        break;
      case "toast": showToast(message); break;
      case "toastHide": hideToast(message.toastId); break;
      case "loading": document.getElementById("loading").classList.toggle("on", Boolean(message.on)); break;
      case "titleBar": {
        var titleBar = document.getElementById("title-bar");
        titleBar.textContent = message.title || config.appName;
        titleBar.setAttribute("data-source", message.title ? "app" : "admin");
        break;
      }
      case "navMenu": renderNav(message.items || []); break;
      case "resourcePicker": openPicker(message); break;
    }
  });

  // The resource picker: products of this shop, searchable, single or multiple selection.
  var picker = { message: null, products: [], chosen: {} };
  function loadPickerProducts(query) {
    fetch(config.pickerPath + "?query=" + encodeURIComponent(query), { headers: { "X-Admin-Frame": "1" } })
      .then(function (response) { return response.json(); })
      .then(function (body) { picker.products = body.products; renderPicker(); });
  }
  function renderPicker() {
    var list = document.getElementById("picker-list");
    list.textContent = "";
    var multiple = picker.message.options.multiple !== false;
    picker.products.forEach(function (product) {
      var item = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = multiple ? "checkbox" : "radio";
      box.name = "picker-choice";
      box.checked = Boolean(picker.chosen[product.id]);
      box.addEventListener("change", function () {
        if (!multiple) picker.chosen = {};
        if (box.checked) picker.chosen[product.id] = product; else delete picker.chosen[product.id];
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(product.title));
      item.appendChild(label);
      list.appendChild(item);
    });
  }
  function openPicker(message) {
    picker.message = message;
    picker.chosen = {};
    (message.options.selectionIds || []).forEach(function (selected) { picker.chosen[selected.id] = { id: selected.id }; });
    document.getElementById("picker-search").value = message.options.query || "";
    document.getElementById("picker").classList.add("open");
    loadPickerProducts(message.options.query || "");
  }
  function closePicker(value) {
    document.getElementById("picker").classList.remove("open");
    send({ type: "reply", id: picker.message.id, value: value });
    picker.message = null;
  }
  document.getElementById("picker-search").addEventListener("input", function (event) { loadPickerProducts(event.target.value); });
  document.getElementById("picker-cancel").addEventListener("click", function () { closePicker(undefined); });
  document.getElementById("picker-select").addEventListener("click", function () {
    closePicker(Object.keys(picker.chosen).map(function (id) { return picker.chosen[id]; }));
  });
})();
</script>
</body>
</html>`;
}
