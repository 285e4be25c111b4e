/*
 * 全文检索：页眉的搜索框在读者第一次使用时（聚焦、输入，或地址带 ?q=词语）才加载检索，索引取自本站 search/ 目录
 * （generator/exports/search.py 在网站生成时建立），只取检索词用到的几个小文件，不访问任何外部地址。
 * 深链接：任何页面加上 ?q=防汛 即显示该词的检索结果；结果显示会议日期与会议类型。
 *
 * 中文按“字对”检索（generator/core/searchtext.py）：相邻两个汉字为一个检索单位，索引记下每个字对在会议文字中的位置。
 * 检索词照同样的规则切分（pairsOf），字对须在原文中紧挨着出现，所以词语在句子中间也能找到，不会因为分词不同而遗漏；
 * 单个汉字查“含有该字的会议”。拉丁字母和数字按整词检索。两边的规则必须一致：tests/browser/test_search_recall.py
 * 用 Python 的实现核对这里的。
 */
(function () {
  "use strict";

  var root = document.querySelector(".ma-search");
  if (!root) return;
  var form = root.querySelector(".ma-search__form");
  var input = root.querySelector(".ma-search__input");
  var holder = root.querySelector(".ma-search__ui");
  // The index folder as an absolute path, so that result links are right wherever the site is served.
  var bundle = new URL(root.getAttribute("data-bundle") || "search/", document.baseURI).pathname;
  if (!/\/$/.test(bundle)) bundle += "/";
  var siteRoot = bundle.replace(/search\/$/, "");

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

  /* ---- The index (generator/exports/search.py) and its one segmentation (generator/core/searchtext.py) ---- */
  var HAN_RUN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{323af}]+/gu;
  var WORD = /[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+/g;
  var WORD_HI = 0x3FFFF;
  var K1 = 1.2, B = 0.75, TITLE_BOOST = 6;
  var meta = null, lengths = null, titles = null;
  var cache = {};

  function wordHash(word) {
    var bytes = new TextEncoder().encode(word), h = 0x811C9DC5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  function bucketOf(hi, lo, n) {
    var h = Math.imul(hi, 0x9E3779B1) ^ lo;
    h = Math.imul(h, 0x85EBCA6B);
    h = (h ^ (h >>> 13)) >>> 0;
    return h & (n - 1);
  }

  /* The query's parts: each Chinese run of two or more characters as its pairs (to stand together),
     a single character, each Latin word or number. */
  function partsOf(term) {
    var parts = [], m, rest = "", pos = 0;
    HAN_RUN.lastIndex = 0;
    while ((m = HAN_RUN.exec(term))) {
      rest += term.slice(pos, m.index) + " ";
      pos = m.index + m[0].length;
      var chars = Array.from(m[0]);
      if (chars.length === 1) {
        parts.push({ kind: "char", cp: chars[0].codePointAt(0), text: chars[0] });
      } else {
        var keys = [];
        for (var i = 0; i + 1 < chars.length; i++) keys.push([chars[i].codePointAt(0), chars[i + 1].codePointAt(0)]);
        parts.push({ kind: "run", keys: keys, text: m[0], size: m[0].length });
      }
    }
    rest += term.slice(pos);
    (rest.toLowerCase().match(WORD) || []).forEach(function (w) {
      parts.push({ kind: "run", keys: [[WORD_HI, wordHash(w)]], text: w, size: w.length });
    });
    return parts;
  }

  function pairsOf(term) {  // for the test: the pairs of the query, as strings
    var out = [];
    partsOf(term).forEach(function (p) {
      if (p.kind === "run" && p.keys[0][0] !== WORD_HI) {
        p.keys.forEach(function (k) { out.push(String.fromCodePoint(k[0]) + String.fromCodePoint(k[1])); });
      }
    });
    return out;
  }

  function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(buffer);  // a server unpacked it already
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("此浏览器版本过旧，不能使用站内检索；请使用新版浏览器（如 Chrome、Edge、Firefox 的近年版本）"));
    }
    return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  }

  function fetchWords(path) {
    if (!cache[path]) {
      cache[path] = fetch(bundle + path).then(function (r) {
        if (!r.ok) throw new Error("无法加载检索索引 " + path);
        return r.arrayBuffer();
      }).then(gunzip).then(function (b) { return new Uint32Array(b); });
    }
    return cache[path];
  }

  function bucket(k) {
    return fetchWords("b/" + k + ".bin").then(function (a) {
      var nk = a[0], ne = a[1], np = a[2], o = 3;
      var his = a.subarray(o, o += nk), los = a.subarray(o, o += nk), keyStart = a.subarray(o, o += nk + 1);
      var pages = a.subarray(o, o += ne), entryStart = a.subarray(o, o += ne + 1), places = a.subarray(o, o += np);
      return { his: his, los: los, keyStart: keyStart, pages: pages, entryStart: entryStart, places: places };
    });
  }

  function charBucket(k) {
    return fetchWords("c/" + k + ".bin").then(function (a) {
      var nk = a[0], ne = a[1], o = 2;
      return { keys: a.subarray(o, o += nk), keyStart: a.subarray(o, o += nk + 1), pages: a.subarray(o, o += ne) };
    });
  }

  /* Differences back to values: a run of the index's arrays, its first value as it is. */
  function sums(run) {
    var out = new Uint32Array(run.length), v = 0;
    for (var i = 0; i < run.length; i++) out[i] = v = (i === 0 ? run[0] : v + run[i]);
    return out;
  }

  /* A key's postings: Map page → its places (ascending), or null when no meeting holds it. */
  function postings(key) {
    return bucket(bucketOf(key[0], key[1], meta.b)).then(function (b) {
      var lo = 0, hi = b.his.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1, h = b.his[mid], l = b.los[mid];
        if (h === key[0] && l === key[1] >>> 0) {
          var out = new Map(), page = 0;
          for (var e = b.keyStart[mid]; e < b.keyStart[mid + 1]; e++) {
            page = e === b.keyStart[mid] ? b.pages[e] : page + b.pages[e];
            out.set(page, sums(b.places.subarray(b.entryStart[e], b.entryStart[e + 1])));
          }
          return out;
        }
        if (h < key[0] || (h === key[0] && l < key[1] >>> 0)) lo = mid + 1; else hi = mid - 1;
      }
      return null;
    });
  }

  function charPages(cp) {
    return charBucket(bucketOf(cp, 0, meta.cb)).then(function (b) {
      var lo = 0, hi = b.keys.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (b.keys[mid] === cp) return new Set(b.pages.subarray(b.keyStart[mid], b.keyStart[mid + 1]));
        if (b.keys[mid] < cp) lo = mid + 1; else hi = mid - 1;
      }
      return new Set();
    });
  }

  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return true;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /* A run's matches: Map page → the places where all its pairs stand one after another. */
  function runMatches(part) {
    return Promise.all(part.keys.map(postings)).then(function (lists) {
      var out = new Map();
      if (lists.some(function (l) { return l === null; })) return out;
      lists[0].forEach(function (first, page) {
        var rest = [];
        for (var i = 1; i < lists.length; i++) {
          var l = lists[i].get(page);
          if (!l) return;
          rest.push(l);
        }
        var at = [];
        for (var j = 0; j < first.length; j++) {
          var q = first[j];
          if (rest.every(function (l, i) { return has(l, q + i + 1); })) at.push(q);
        }
        if (at.length) out.set(page, at);
      });
      return out;
    });
  }

  function idf(df) {
    return Math.log(1 + (meta.pages - df + 0.5) / (df + 0.5));
  }

  /* The meetings that hold every part of `term`, best first: what the reader is shown (and what the
     recall test counts). A title match counts most; then the usual BM25 of the parts in the text. */
  var MAX_QUERY = 64;  // characters: a longer query is cut (each pair of it is a file to fetch)

  function find(term) {
    return load().then(function () { return rank(term); });
  }

  function rank(term) {
    var parts = partsOf(Array.from(String(term)).slice(0, MAX_QUERY).join(""));
    if (!parts.length) return Promise.resolve([]);
    return Promise.all(parts.map(function (p) {
      return p.kind === "char" ? charPages(p.cp) : runMatches(p);
    })).then(function (found) {
      var pages = null;
      found.forEach(function (f) {
        var these = f instanceof Set ? f : new Set(f.keys());
        pages = pages === null ? these : new Set(Array.from(pages).filter(function (x) { return these.has(x); }));
      });
      var results = [];
      pages.forEach(function (page) {
        var score = 0, marks = [];
        found.forEach(function (f, i) {
          var part = parts[i], w = idf(f.size);
          if (f instanceof Set) {  // one character: held or not
            score += w;
            marks.push({ text: part.text });
            return;
          }
          var at = f.get(page), tf = at.length, dl = lengths[page] || 1;
          score += w * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * dl / meta.avgdl));
          if (at[0] < titles[page]) score += TITLE_BOOST * w;
          at.forEach(function (q) { marks.push({ from: q, to: q + part.size }); });
        });
        results.push({ id: page, score: score, marks: marks, data: function () { return record(page, marks); } });
      });
      results.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
      return results;
    });
  }

  /* A result as the list shows it: from the meeting's record (search/p/<n>.json), its excerpt cut
     around the first match in the text (the title's own match is shown as the title). */
  function record(page, marks) {
    return fetch(bundle + "p/" + page + ".json").then(function (r) {
      if (!r.ok) throw new Error("无法加载检索结果 " + page);
      return r.json();
    }).then(function (rec) {
      var text = String(rec.x || ""), titleEnd = String(rec.t || "").length + 1;
      var spans = [];
      marks.forEach(function (m) {
        if (m.text != null) {
          for (var i = text.indexOf(m.text, titleEnd); i >= 0 && spans.length < 200; i = text.indexOf(m.text, i + 1)) {
            spans.push([i, i + m.text.length]);
          }
        } else {
          spans.push([m.from, m.to]);
        }
      });
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var body = spans.filter(function (s) { return s[0] >= titleEnd; });
      // Shown: the first match in the minutes when there is one, else the first in the other values.
      var inMinutes = body.filter(function (s) { return s[0] >= (rec.m || 0); });
      var first = inMinutes.length ? inMinutes[0][0] : body.length ? body[0][0] : titleEnd;
      var start = Math.max(titleEnd, first - 20), end = Math.min(text.length, start + 90);
      var excerpt = start > titleEnd ? "…" : "", at = start;
      body.forEach(function (s) {
        if (s[1] <= at || s[0] >= end) return;
        var a = Math.max(s[0], at);
        excerpt += escapeText(text.slice(at, a)) + "<mark>" + escapeText(text.slice(a, Math.min(s[1], end))) + "</mark>";
        at = Math.min(s[1], end);
      });
      excerpt += escapeText(text.slice(at, end)) + (end < text.length ? "…" : "");
      excerpt = excerpt.replace(/\n/g, " · ");
      var url = siteRoot + String(rec.u || "");
      var subs = [];
      var section = null;
      (rec.s || []).forEach(function (s) { if (s[0] <= first) section = s; });
      if (section && body.length) subs.push({ title: String(section[1]), url: url + "#" + encodeURIComponent(section[2]) });
      return { url: url, meta: { title: rec.t, "日期": rec.d, "类型": rec.k }, excerpt: excerpt, sub_results: subs };
    });
  }

  function uiInput() {
    return holder.querySelector(".pagefind-ui__search-input");
  }

  /* What the results show comes from the index, which comes from dossier text: a result's link must
     be a page of this site, an excerpt is shown as text (only our <mark> kept). */
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
    var meta = {};
    Object.keys(result.meta || {}).forEach(function (key) {
      if (result.meta[key] != null) meta[key] = String(result.meta[key]);
    });
    result.meta = meta;
    (result.sub_results || []).forEach(function (sub) {
      sub.url = sameSite(sub.url) || result.url;
      sub.title = String(sub.title == null ? "" : sub.title);
    });
    return result;
  }

  /* ---- The results, in the classes Pagefind's UI used (search.css lays them out) ---- */
  var PAGE = 8;
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
    field.maxLength = MAX_QUERY;
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
      timer = setTimeout(function () { run(field.value); }, 80);
    });
    field.addEventListener("compositionend", function () { run(field.value); });
    box.addEventListener("submit", function (event) { event.preventDefault(); run(field.value); });
    clear.addEventListener("click", function () { field.value = ""; run(""); field.focus(); });
    more.addEventListener("click", function () { show(state.seq); });
  }

  function said(key, term, count) {
    return TRANSLATIONS[key].replace("[SEARCH_TERM]", term).replace("[COUNT]", String(count));
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
      if (seq !== state.seq) return;
      state.term = term;
      state.results = found;
      state.shown = 0;
      els.list.textContent = "";
      var n = found.length;
      els.message.textContent = said(n === 0 ? "zero_results" : n === 1 ? "one_result" : "many_results", term, n);
      return show(seq);
    }).catch(function (err) {
      if (seq === state.seq) els.message.textContent = String(err && err.message || err);
    });
  }

  function show(seq) {
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (seq !== state.seq) return;
      datas.forEach(function (data) { els.list.append(item(safeResult(data))); });
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
    var excerpt = el("p", "pagefind-ui__result-excerpt");
    excerpt.innerHTML = data.excerpt;  // text and <mark> only (safeResult)
    inner.append(excerpt);
    (data.sub_results || []).forEach(function (sub) {
      var nested = el("div", "pagefind-ui__result-nested");
      var t = el("p", "pagefind-ui__result-title");
      var a = el("a", "pagefind-ui__result-link", "§ " + sub.title);
      a.href = sub.url;
      t.append(a);
      nested.append(t);
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

  function json(path) {
    return fetch(bundle + path).then(function (r) {
      if (!r.ok) throw new Error("无法加载检索索引 " + path);
      return r.json();
    });
  }

  /* The results box, once: it replaces the plain box of the header. */
  function ensureUI() {
    if (els) return;
    build();
    ui = true;
    form.hidden = true;
    holder.hidden = false;
    root.classList.add("ma-search--ready");
  }

  /* Load the index's counts and lengths once (again after a failure). */
  function load() {
    ensureUI();
    if (loading) return loading;
    root.classList.add("ma-search--loading");
    loading = Promise.all([json("index.json"), fetchWords("lengths.bin")]).then(function (loaded) {
      meta = loaded[0];
      lengths = loaded[1].subarray(0, meta.pages);
      titles = loaded[1].subarray(meta.pages, 2 * meta.pages);
      root.classList.remove("ma-search--loading");
    }).catch(function (err) {
      root.classList.remove("ma-search--loading");
      loading = null;
      cache = {};
      throw err;
    });
    return loading;
  }

  /* Show results for `term` (default: what was typed in the plain box meanwhile), cursor in the box. */
  function open(term, focus) {
    ensureUI();
    var words = term != null ? term : input.value.trim();
    root.classList.remove("ma-search--closed");
    if (words) {
      els.input.value = words;
      run(words);
    } else {
      load().catch(function () {});  // fetched now, so that the first word is answered at once
    }
    if (focus) {
      els.input.focus();
      els.input.setSelectionRange(els.input.value.length, els.input.value.length);
    }
    return Promise.resolve();
  }

  // For the tests (tests/search_recall.py): the same cutting and the same search as the box.
  window.__maSearchText = {
    pairsOf: pairsOf, wordHash: wordHash, bucketOf: bucketOf,
    find: find,
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
