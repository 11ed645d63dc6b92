// A stand-in for Shopify's App Bridge v4 (https://cdn.shopify.com/shopifycloud/app-bridge.js),
// served by the local demo admin (tests/demo/admin-frame). It is not Shopify's code: it gives an
// embedded app the parts of App Bridge's contract this app relies on, talking to the admin frame
// by postMessage the way the real one talks to Shopify's admin:
//   - window.shopify: idToken(), toast.show/hide, loading(), config, environment, origin,
//     modal.show/hide for <ui-modal id>, resourcePicker({ type: "product" }) drawn by the admin;
//   - <ui-nav-menu> links shown in the admin's nav; a click there dispatches `shopify:navigate`
//     on the matching link inside the app;
//   - <ui-title-bar title> shown by the admin;
//   - fetch() to the app's own origin carries `Authorization: Bearer <session token>`, retries
//     once on `X-Shopify-Retry-Invalid-Session-Request: 1`, and follows
//     `X-Shopify-API-Request-Failure-Reauthorize-Url`;
//   - the library's bounce page (`?shopify-reload=…`): get a token, reload with `id_token`.
(function () {
  "use strict";
  if (window.shopify) return;

  var CHANNEL = "app-bridge-standin";
  var script = document.currentScript;
  var adminOrigin = new URL(script.src).origin;
  var embedded = window.parent !== window;
  var params = new URLSearchParams(location.search);

  // shop and host come with the first load; Remix client navigations drop them from the URL.
  var remembered = {};
  try {
    remembered = JSON.parse(sessionStorage.getItem(CHANNEL) || "{}");
  } catch (_) {
    remembered = {};
  }
  var config = {
    apiKey: script.getAttribute("data-api-key") || "",
    shop: params.get("shop") || remembered.shop || "",
    host: params.get("host") || remembered.host || "",
    locale: params.get("locale") || remembered.locale || "en",
  };
  try {
    sessionStorage.setItem(CHANNEL, JSON.stringify({ shop: config.shop, host: config.host, locale: config.locale }));
  } catch (_) {
    /* storage may be unavailable in a third-party frame */
  }

  // --- messaging with the admin frame -------------------------------------------------------
  var pending = new Map();
  var nextRequestId = 1;

  function post(message) {
    if (!embedded) return;
    message.channel = CHANNEL;
    window.parent.postMessage(message, adminOrigin);
  }

  function ask(type, payload) {
    return new Promise(function (resolve, reject) {
      if (!embedded) {
        reject(new Error("App Bridge: the app is not open inside the Shopify admin"));
        return;
      }
      var id = nextRequestId++;
      pending.set(id, { resolve: resolve, reject: reject });
      post(Object.assign({ type: type, id: id }, payload || {}));
      setTimeout(function () {
        if (pending.delete(id)) reject(new Error("App Bridge: the admin did not answer " + type));
      }, 10000);
    });
  }

  // A picker waits for the merchant, however long they take.
  function askWithoutTimeout(type, payload) {
    return new Promise(function (resolve, reject) {
      if (!embedded) {
        reject(new Error("App Bridge: the app is not open inside the Shopify admin"));
        return;
      }
      var id = nextRequestId++;
      pending.set(id, { resolve: resolve, reject: reject });
      post(Object.assign({ type: type, id: id }, payload || {}));
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== adminOrigin) return;
    var data = event.data;
    if (!data || data.channel !== CHANNEL) return;
    if (data.type === "reply") {
      var waiter = pending.get(data.id);
      if (!waiter) return;
      pending.delete(data.id);
      if (data.error) waiter.reject(new Error(data.error));
      else waiter.resolve(data.value);
    } else if (data.type === "navigate") {
      navigateFromAdmin(data.href);
    }
  });

  // --- navigation from the admin's nav ------------------------------------------------------
  function navigateFromAdmin(href) {
    var links = document.querySelectorAll("ui-nav-menu a[href]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href") === href) {
        links[i].dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
        return;
      }
    }
    var target = new URL(href, location.href);
    if (target.origin === location.origin) location.assign(target.href);
  }

  // --- window.shopify -----------------------------------------------------------------------
  var toastIds = 0;
  var shopify = {
    config: config,
    origin: adminOrigin,
    environment: { embedded: embedded, mobile: false, pos: false },
    ready: Promise.resolve(),
    idToken: function () {
      return ask("idToken");
    },
    toast: {
      show: function (message, options) {
        var id = "toast-" + ++toastIds;
        options = options || {};
        post({
          type: "toast",
          toastId: id,
          message: String(message),
          isError: Boolean(options.isError),
          duration: typeof options.duration === "number" ? options.duration : 5000,
        });
        return id;
      },
      hide: function (id) {
        post({ type: "toastHide", toastId: id });
      },
    },
    // Resolves with the chosen resources, or undefined when the merchant cancels (as App Bridge).
    resourcePicker: function (options) {
      options = options || {};
      if (options.type && options.type !== "product") {
        return Promise.reject(new Error("App Bridge stand-in: only product pickers are available"));
      }
      var plain = {
        type: "product",
        multiple: options.multiple !== false,
        query: options.query || "",
        selectionIds: (options.selectionIds || []).map(function (s) { return { id: s.id }; }),
      };
      return askWithoutTimeout("resourcePicker", { options: plain });
    },
    loading: function (isLoading) {
      post({ type: "loading", on: isLoading !== false });
    },
    modal: {
      show: function (id) {
        var element = document.getElementById(id);
        if (element && typeof element.show === "function") return element.show();
        return Promise.reject(new Error("App Bridge: no <ui-modal id=\"" + id + "\">"));
      },
      hide: function (id) {
        var element = document.getElementById(id);
        if (element && typeof element.hide === "function") return element.hide();
        return Promise.resolve();
      },
      toggle: function (id) {
        var element = document.getElementById(id);
        if (element && typeof element.toggle === "function") return element.toggle();
        return Promise.resolve();
      },
    },
  };
  window.shopify = shopify;

  // --- fetch with the session token ---------------------------------------------------------
  var nativeFetch = window.fetch.bind(window);
  var RETRY_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
  var REAUTHORIZE_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";

  function withToken(request) {
    if (request.headers.has("Authorization")) return Promise.resolve(request);
    return shopify.idToken().then(function (token) {
      var headers = new Headers(request.headers);
      headers.set("Authorization", "Bearer " + token);
      return new Request(request, { headers: headers });
    });
  }

  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (!embedded || new URL(request.url).origin !== location.origin) return nativeFetch(request);
    var spare = request.clone();
    return withToken(request)
      .then(nativeFetch)
      .then(function (response) {
        if (response.headers.get(RETRY_HEADER) === "1") {
          // The server found the token invalid (expired, say): one more try with a fresh one.
          spare.headers.delete("Authorization");
          return withToken(spare).then(nativeFetch);
        }
        return response;
      })
      .then(function (response) {
        var reauthorize = response.headers.get(REAUTHORIZE_HEADER);
        if (reauthorize) window.open(reauthorize, "_top");
        return response;
      });
  };

  // --- the library's bounce page: /auth/session-token?shopify-reload=<url> ------------------
  var reload = params.get("shopify-reload");
  if (reload) {
    var destination = new URL(reload, location.href);
    if (destination.origin === location.origin) {
      shopify.idToken().then(
        function (token) {
          destination.searchParams.set("id_token", token);
          location.replace(destination.href);
        },
        function (error) {
          console.error(error.message);
        },
      );
    }
  }

  // --- custom elements ----------------------------------------------------------------------
  // A stylesheet without a DOM node: nothing for React's hydration to trip over.
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(
    "ui-nav-menu, ui-title-bar, ui-save-bar { display: none; }" +
      "ui-modal { display: none; }" +
      "ui-modal[data-open] { display: flex; position: fixed; inset: 0; z-index: 1000; align-items: center;" +
      " justify-content: center; background: rgba(0, 0, 0, 0.5); }" +
      "ui-modal[data-open] > .app-bridge-standin-modal { background: #fff; border-radius: 12px;" +
      " min-width: 320px; max-width: 90vw; max-height: 90vh; overflow: auto; padding: 16px; }",
  );
  document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);

  function insideModal(element) {
    return Boolean(element.closest && element.closest("ui-modal"));
  }

  class TitleBar extends HTMLElement {
    static get observedAttributes() {
      return ["title"];
    }
    connectedCallback() {
      this.announce();
    }
    attributeChangedCallback() {
      if (this.isConnected) this.announce();
    }
    disconnectedCallback() {
      post({ type: "titleBar", title: "" });
    }
    announce() {
      if (!insideModal(this)) post({ type: "titleBar", title: this.getAttribute("title") || "" });
    }
  }

  class NavMenu extends HTMLElement {
    connectedCallback() {
      var menu = this;
      this.observer = new MutationObserver(function () {
        menu.announce();
      });
      this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
      this.announce();
    }
    disconnectedCallback() {
      if (this.observer) this.observer.disconnect();
      post({ type: "navMenu", items: [] });
    }
    announce() {
      var items = Array.prototype.map.call(this.querySelectorAll("a[href]"), function (link) {
        return {
          label: (link.textContent || "").trim(),
          href: link.getAttribute("href"),
          home: link.getAttribute("rel") === "home",
        };
      });
      post({ type: "navMenu", items: items });
    }
  }

  // Modal content is shown in an overlay inside the app's frame (the real admin draws it outside).
  class Modal extends HTMLElement {
    get content() {
      // Created on first use, after React has hydrated the page, so it never sees a foreign node.
      if (!this.contentElement) {
        this.contentElement = document.createElement("div");
        this.contentElement.className = "app-bridge-standin-modal";
        this.appendChild(this.contentElement);
      }
      return this.contentElement;
    }
    show() {
      void this.content;
      this.setAttribute("data-open", "");
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      if (this.hasAttribute("data-open")) {
        this.removeAttribute("data-open");
        this.dispatchEvent(new Event("hide"));
      }
      return Promise.resolve();
    }
    toggle() {
      return this.hasAttribute("data-open") ? this.hide() : this.show();
    }
  }

  customElements.define("ui-title-bar", TitleBar);
  customElements.define("ui-nav-menu", NavMenu);
  customElements.define("ui-modal", Modal);
})();
