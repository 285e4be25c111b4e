/*
 * 全文检索：页眉的搜索框在读者第一次使用时（聚焦、输入，或地址带 ?q=词语）才加载 Pagefind 的界面，
 * 界面与索引都取自本站 pagefind/ 目录（generator/exports/search.py 生成），不访问任何外部地址。
 * 深链接：任何页面加上 ?q=防汛 即显示该词的检索结果。结果显示会议日期与会议类型（检索记录的 data-pagefind-meta）。
 *
 * 索引里的中文是“字对”（generator/core/searchtext.py）：每个汉字连同其后一字写成一个字母词，读者的检索词在这里
 * 照同样的规则切分（queryForm），所以索引与检索用同一种切分，不会因为分词不同而漏掉会议；摘要在显示前还原成原文
 * （decodeText、decodeExcerpt）。两边的规则必须一致：tests/browser/test_search_recall.py 用 Python 的实现核对这里的。
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

  /* ---- One segmentation (generator/core/searchtext.py) ---- */
  var HAN_RUN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{323af}]+/gu;
  var TOKEN = /^q([a-l][a-z]{3})([a-z]{4})([^a-z].*)?$/;
  var END = "zzzz";

  function code(ch) {
    var n = ch.codePointAt(0), out = "";
    for (var k = 0; k < 4; k++) { out = String.fromCharCode(97 + (n % 26)) + out; n = Math.floor(n / 26); }
    return out;
  }

  function uncode(letters) {
    var n = 0;
    for (var i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 97;
    return String.fromCodePoint(n);
  }

  function escapeQ(text) {
    return text.replace(/(^|[^A-Za-z0-9])([qQ])/g, "$1q$2");
  }

  /* The reader's query as the index is searched: each Han run as its character pairs, a single
     character alone (Pagefind matches it as the start of every pair it begins). */
  function queryForm(query) {
    var out = "", pos = 0, m;
    HAN_RUN.lastIndex = 0;
    while ((m = HAN_RUN.exec(query))) {
      out += escapeQ(query.slice(pos, m.index));
      var codes = Array.from(m[0]).map(code), tokens = [];
      for (var i = 0; i + 1 < codes.length; i++) tokens.push("q" + codes[i] + codes[i + 1]);
      if (codes.length === 1) tokens.push("q" + codes[0]);
      out += " " + tokens.join(" ") + " ";
      pos = m.index + m[0].length;
    }
    out += escapeQ(query.slice(pos));
    return out.replace(/\s+/g, " ").trim();
  }

  /* Units of index text: words (a token becomes its character), spaces, and <mark> state. A marked
     token marks its character and the next one (the pair it stands for). */
  function units(html) {
    var out = [], marked = false, carry = false, re = /<mark>|<\/mark>|\s+|[^<\s]+|</g, m;
    html = html.replace(/\u200b/g, "");  // Pagefind's word boundaries
    while ((m = re.exec(html))) {
      var w = m[0];
      if (w === "<mark>") { marked = true; continue; }
      if (w === "</mark>") { marked = false; continue; }
      if (/^\s/.test(w)) { out.push({ text: " ", space: true }); continue; }
      var t = TOKEN.exec(w);
      if (t) {
        out.push({ text: uncode(t[1]), han: true, mark: marked || carry });
        carry = marked && t[2] !== END;
        if (t[3]) out.push({ text: t[3], mark: marked });
      } else {
        out.push({ text: w.replace(/^q([qQ])/, "$1"), mark: marked });
        carry = false;
      }
    }
    return out.filter(function (u, i) {  // the spaces set around Han characters go
      return !(u.space && ((out[i - 1] && out[i - 1].han) || (out[i + 1] && out[i + 1].han)));
    });
  }

  function decodeText(text) {
    return units(escapeText(String(text == null ? "" : text))).map(function (u) { return u.text; }).join("")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }

  /* An excerpt (text with Pagefind's <mark>, already made safe by markOnly) in its real text. */
  function decodeExcerpt(html) {
    var out = "", open = false;
    units(html).forEach(function (u) {
      var mark = !!u.mark && !u.space;
      if (mark && !open) { out += "<mark>"; open = true; }
      if (!mark && open && !u.space) { out += "</mark>"; open = false; }
      out += u.text;
    });
    return open ? out + "</mark>" : out;
  }

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
    result.excerpt = decodeExcerpt(markOnly(result.excerpt));
    var meta = result.meta || {};
    ["url", "image", "image_alt"].forEach(function (key) { delete meta[key]; });
    Object.keys(meta).forEach(function (key) { meta[key] = String(meta[key]); });
    result.meta = meta;
    (result.sub_results || []).forEach(function (sub) {
      sub.url = sameSite(sub.url) || result.url;
      sub.title = decodeText(sub.title);
      sub.excerpt = decodeExcerpt(markOnly(sub.excerpt));
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

  /* ---- The results, as Pagefind's own UI lays them out (its classes, its stylesheet) ---- */
  var PAGE = 8;
  var pf = null;
  var els = null;
  var state = { seq: 0, term: "", results: [], shown: 0 };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function build() {
    var ui = el("div", "pagefind-ui");
    var box = el("form", "pagefind-ui__form");
    box.setAttribute("role", "search");
    box.noValidate = true;
    var field = el("input", "pagefind-ui__search-input");
    field.type = "text";
    field.placeholder = TRANSLATIONS.placeholder;
    field.setAttribute("aria-label", TRANSLATIONS.search_label);
    field.autocomplete = "off";
    field.spellcheck = false;
    var clear = el("button", "pagefind-ui__search-clear", TRANSLATIONS.clear_search);
    clear.type = "button";
    var drawer = el("div", "pagefind-ui__drawer");
    var area = el("div", "pagefind-ui__results-area");
    var message = el("p", "pagefind-ui__message");
    message.setAttribute("role", "status");
    var list = el("ol", "pagefind-ui__results");
    var more = el("button", "pagefind-ui__button", TRANSLATIONS.load_more);
    more.type = "button";
    more.hidden = true;
    area.append(message, list, more);
    drawer.append(area);
    drawer.hidden = true;
    box.append(field, clear, drawer);
    ui.append(box);
    holder.append(ui);
    els = { input: field, clear: clear, drawer: drawer, message: message, list: list, more: more };
    var timer = null;
    field.addEventListener("input", function (event) {
      if (event.isComposing) return;  // an input method still composing: search when it is done
      clearTimeout(timer);
      timer = setTimeout(function () { run(field.value); }, 120);
    });
    field.addEventListener("compositionend", function () { run(field.value); });
    box.addEventListener("submit", function (event) { event.preventDefault(); run(field.value); });
    clear.addEventListener("click", function () { field.value = ""; run(""); field.focus(); });
    more.addEventListener("click", function () { show(state.seq); });
  }

  function said(key, term, count) {
    return TRANSLATIONS[key].replace("[SEARCH_TERM]", term).replace("[COUNT]", String(count));
  }

  /* How many character pairs the longest Chinese run of the query has: a result must hold that many
     matched words one after the other, i.e. the run itself and not only its pairs scattered about. */
  function pairsOf(term) {
    var most = 0, m;
    HAN_RUN.lastIndex = 0;
    while ((m = HAN_RUN.exec(term))) most = Math.max(most, Array.from(m[0]).length - 1);
    return most;
  }

  function together(words, k) {
    if (k < 2) return true;
    var at = new Set(words || []);
    var found = false;
    at.forEach(function (p) {
      if (found || at.has(p - 1)) return;
      var n = 1;
      while (at.has(p + n)) n++;
      if (n >= k) found = true;
    });
    return found;
  }

  /* The meetings that hold `term`, best first: what the reader is shown (and what the recall test counts). */
  function find(term) {
    var k = pairsOf(term);
    return pf.search(queryForm(term)).then(function (found) {
      return found && found.results.filter(function (r) { return together(r.words, k); });
    });
  }

  function run(raw) {
    var term = String(raw || "").trim();
    var seq = ++state.seq;
    if (!term) {
      els.drawer.hidden = true;
      els.list.textContent = "";
      return Promise.resolve();
    }
    els.drawer.hidden = false;
    els.message.textContent = said("searching", term, 0);
    return find(term).then(function (found) {
      if (seq !== state.seq || !found) return;
      state.term = term;
      state.results = found;
      state.shown = 0;
      els.list.textContent = "";
      var n = state.results.length;
      els.message.textContent = said(n === 0 ? "zero_results" : n === 1 ? "one_result" : "many_results", term, n);
      return show(seq);
    });
  }

  function show(seq) {
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (seq !== state.seq) return;
      datas.forEach(function (data) { els.list.append(item(asPageTop(safeResult(data)))); });
      els.more.hidden = state.shown >= state.results.length;
    });
  }

  function item(data) {
    var li = el("li", "pagefind-ui__result");
    var inner = el("div", "pagefind-ui__result-inner");
    var title = el("p", "pagefind-ui__result-title");
    var link = el("a", "pagefind-ui__result-link", data.meta.title || data.url);
    link.href = data.url;
    title.append(link);
    inner.append(title);
    var subs = (data.sub_results || []).slice(0, 3);
    var top = subs.length && subs[0].url === data.url ? subs.shift() : null;
    var excerpt = el("p", "pagefind-ui__result-excerpt");
    excerpt.innerHTML = top ? top.excerpt : data.excerpt;  // text and <mark> only (safeResult)
    inner.append(excerpt);
    subs.forEach(function (sub) {
      var nested = el("div", "pagefind-ui__result-nested");
      var t = el("p", "pagefind-ui__result-title");
      var a = el("a", "pagefind-ui__result-link", sub.title);
      a.href = sub.url;
      t.append(a);
      var ex = el("p", "pagefind-ui__result-excerpt");
      ex.innerHTML = sub.excerpt;
      nested.append(t, ex);
      inner.append(nested);
    });
    var tags = el("ul", "pagefind-ui__result-tags");
    ["日期", "类型"].forEach(function (key) {
      if (data.meta[key]) tags.append(el("li", "pagefind-ui__result-tag", key + ": " + data.meta[key]));
    });
    inner.append(tags);
    li.append(inner);
    return li;
  }

  /* Load Pagefind's search (and its stylesheet) once; resolves when the box is ready. */
  function load() {
    if (loading) return loading;
    root.classList.add("ma-search--loading");
    loading = Promise.all([
      loadAsset("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      import(bundle + "pagefind.js"),
      shards(),
    ]).then(function (loaded) {
      pf = loaded[1];
      return Promise.resolve(pf.options({ bundlePath: bundle, excerptLength: 60 })).then(function () {
        // A large archive is indexed in parts (generator/exports/search.py); Pagefind merges their results.
        return Promise.all(loaded[2].map(function (part) { return pf.mergeIndex(bundle + part); }));
      });
    }).then(function () {
      build();
      ui = true;
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

  /* Show results for `term` (default: what was typed in the box meanwhile), cursor in the result box. */
  function open(term, focus) {
    return load().then(function () {
      var words = term != null ? term : input.value.trim();
      root.classList.remove("ma-search--closed");
      if (words) {
        els.input.value = words;
        run(words);
      }
      if (focus) {
        els.input.focus();
        els.input.setSelectionRange(els.input.value.length, els.input.value.length);
      }
    });
  }

  // For the tests (tests/search_recall.py): the same cutting and the same search as the box.
  window.__maSearchText = {
    queryForm: queryForm, decodeText: decodeText, decodeExcerpt: decodeExcerpt,
    find: function (term) { return load().then(function () { return find(term); }); },
  };

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
