/*
 * 全文检索：页眉的搜索框在读者第一次使用时（聚焦、输入，或地址带 ?q=词语）才加载 Pagefind 的界面，
 * 界面与索引都取自本站 pagefind/ 目录（generator/exports/search.py 生成），不访问任何外部地址。
 * 深链接：任何页面加上 ?q=防汛 即显示该词的检索结果。结果显示会议日期与会议类型（页面的 data-pagefind-meta）。
 */
(function () {
  "use strict";

  var root = document.querySelector(".ma-search");
  if (!root) return;
  var form = root.querySelector(".ma-search__form");
  var input = root.querySelector(".ma-search__input");
  var holder = root.querySelector(".ma-search__ui");
  // The bundle folder as an absolute path, so that result links are right wherever the site is served.
  var bundle = new URL(root.getAttribute("data-bundle") || "pagefind/", document.baseURI).pathname;
  if (!/\/$/.test(bundle)) bundle += "/";

  var TRANSLATIONS = {
    placeholder: "搜索会议档案",
    clear_search: "清除",
    load_more: "显示更多结果",
    search_label: "搜索会议档案",
    filters_label: "筛选",
    zero_results: "没有找到与“[SEARCH_TERM]”相关的会议",
    many_results: "与“[SEARCH_TERM]”相关的会议共 [COUNT] 次",
    one_result: "与“[SEARCH_TERM]”相关的会议共 1 次",
    alt_search: "没有找到与“[SEARCH_TERM]”相关的会议，以下是“[DIFFERENT_TERM]”的结果",
    search_suggestion: "没有找到与“[SEARCH_TERM]”相关的会议，可以试试这些词：",
    searching: "正在搜索“[SEARCH_TERM]”……",
  };

  var loading = null;
  var ui = null;

  function loadAsset(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      el.addEventListener("load", function () { resolve(el); });
      el.addEventListener("error", function () { reject(new Error("无法加载 " + (attrs.src || attrs.href))); });
      document.head.appendChild(el);
    });
  }

  function uiInput() {
    return holder.querySelector(".pagefind-ui__search-input");
  }

  /* What Pagefind's UI writes into the page comes from the index, which comes from dossier text: a
     result's link must be a page of this site, an excerpt is shown as text (only Pagefind's <mark>
     kept), and no meta value may name a link or a picture. */
  function sameSite(url) {
    try {
      var u = new URL(String(url), window.location.href);
      if (u.origin !== window.location.origin || !/^https?:$/.test(u.protocol)) return null;
      return u.pathname + u.search + u.hash;
    } catch (e) {
      return null;
    }
  }

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function markOnly(html) {
    var holder = document.createElement("template");  // parsed inert: nothing in it runs or loads
    holder.innerHTML = String(html == null ? "" : html);
    var out = "";
    (function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          out += escapeText(child.data);
        } else if (child.nodeType === 1) {
          var mark = child.tagName === "MARK";
          if (mark) out += "<mark>";
          walk(child);
          if (mark) out += "</mark>";
        }
      });
    })(holder.content);
    return out;
  }

  function safeResult(result) {
    result.url = sameSite(result.url) || "#";
    result.excerpt = markOnly(result.excerpt);
    var meta = result.meta || {};
    ["url", "image", "image_alt"].forEach(function (key) { delete meta[key]; });
    Object.keys(meta).forEach(function (key) { meta[key] = String(meta[key]); });
    result.meta = meta;
    (result.sub_results || []).forEach(function (sub) {
      sub.url = sameSite(sub.url) || result.url;
      sub.title = String(sub.title == null ? "" : sub.title);
      sub.excerpt = markOnly(sub.excerpt);
    });
    return result;
  }

  /* The meeting's title is a heading with an anchor, so Pagefind would list it as a section of its own
     under the same title: treat it as the top of the page instead. */
  function asPageTop(result) {
    var subs = result.sub_results || [];
    var title = result.meta && result.meta.title;
    var i = subs.findIndex(function (s) { return s.title === title; });
    if (i >= 0) {
      var top = subs.splice(i, 1)[0];
      top.url = result.url;
      subs.unshift(top);
    }
    return result;
  }

  /* The other parts of the index (pagefind/shards.json: folders relative to the main bundle). */
  function shards() {
    return fetch(bundle + "shards.json").then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (list) {
      return Array.isArray(list) ? list.filter(function (p) { return /^[\w-]+\/$/.test(p); }) : [];
    });
  }

  /* Load Pagefind's UI once; resolves to the PagefindUI instance. */
  function load() {
    if (loading) return loading;
    root.classList.add("ma-search--loading");
    loading = Promise.all([
      loadAsset("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      loadAsset("script", { src: bundle + "pagefind-ui.js" }),
      shards(),
    ]).then(function (loaded) {
      ui = new window.PagefindUI({
        element: holder,
        bundlePath: bundle,
        // A large archive is indexed in parts (generator/exports/search.py); Pagefind merges their results.
        mergeIndex: loaded[2].map(function (part) { return { bundlePath: bundle + part }; }),
        showSubResults: true,
        showImages: false,
        pageSize: 8,
        excerptLength: 40,
        translations: TRANSLATIONS,
        processResult: function (result) { return asPageTop(safeResult(result)); },
      });
      form.hidden = true;
      holder.hidden = false;
      root.classList.remove("ma-search--loading");
      root.classList.add("ma-search--ready");
      return ui;
    }).catch(function (err) {
      root.classList.remove("ma-search--loading");
      loading = null;
      throw err;
    });
    return loading;
  }

  /* Show results for `term` (default: what was typed in the box meanwhile), cursor in Pagefind's box. */
  function open(term, focus) {
    return load().then(function (instance) {
      var words = term != null ? term : input.value.trim();
      root.classList.remove("ma-search--closed");
      if (words) instance.triggerSearch(words);
      var box = uiInput();
      if (box && focus) {
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
      }
      return instance;
    });
  }

  input.addEventListener("focus", function () {
    open(null, true);
  }, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    open(null, true);
  });

  // The results close on Escape or a click elsewhere, and come back when the search box is used again.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.contains(document.activeElement)) {
      root.classList.add("ma-search--closed");
      document.activeElement.blur();
    } else if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test((document.activeElement || {}).tagName || "")
               && !(document.activeElement && document.activeElement.isContentEditable)) {
      event.preventDefault();
      if (ui) { root.classList.remove("ma-search--closed"); var box = uiInput(); if (box) box.focus(); }
      else input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) root.classList.add("ma-search--closed");
  });
  holder.addEventListener("focusin", function () {
    root.classList.remove("ma-search--closed");
  });

  // Deep link: /any/page/?q=防汛 shows the results for 防汛.
  var q = new URLSearchParams(window.location.search).get("q");
  if (q && q.trim()) {
    input.value = q.trim();
    open(q.trim(), false);
  }
})();
