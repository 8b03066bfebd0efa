// detente dashboard: plain JavaScript over the JSON API of the same server, no libraries.
// Views are hash routes (#/dyad, #/events, #/articles, #/article/ID, #/quotes, #/tracker), so
// every view has an address that can be bookmarked and the browser's back button works.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");

// ---- helpers

/** Creates an element: el("a", {href: "#"}, "text", child…). Text is never parsed as HTML. */
function el(tag, attrs, ...children) {
  const node = tag === "svg" || SVG_TAGS.has(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const SVG_TAGS = new Set(["g", "rect", "line", "polyline", "circle", "text", "title"]);

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") query.set(k, v);
  const url = path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const e = body.error || {};
    throw new Error((e.parameter ? e.parameter + ": " : "") + (e.message || response.statusText));
  }
  return body;
}

function say(text, isError) {
  statusLine.textContent = text || "";
  statusLine.className = isError ? "error" : "";
}

function fmt(x, digits) {
  return x === null || x === undefined ? "" : Number(x).toFixed(digits);
}

function routeParams() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  return { parts: path.split("/").filter(Boolean), params: Object.fromEntries(new URLSearchParams(query || "")) };
}

function go(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v) q.set(k, v);
  location.hash = "#/" + path + (q.toString() ? "?" + q : "");
}

/** A filter form: fields are [name, label, type]; submitting routes to `path` with the values. */
function filterForm(path, fields, values, submitLabel) {
  const form = el("form", { class: "filters", role: "search", "aria-label": submitLabel });
  for (const [name, label, type, placeholder] of fields) {
    const id = "f-" + path + "-" + name;
    if (type === "checkbox") {
      form.append(el("label", { class: "check", for: id },
        el("input", { id, name, type: "checkbox", checked: values[name] === "true" }), label));
    } else if (Array.isArray(type)) {
      const select = el("select", { id, name }, type.map(([v, t]) => el("option", { value: v, selected: values[name] === v }, t)));
      form.append(el("label", { for: id }, label, select));
    } else {
      form.append(el("label", { for: id }, label,
        el("input", { id, name, type: type || "text", value: values[name] || "", placeholder: placeholder || null })));
    }
  }
  form.append(el("button", { type: "submit" }, submitLabel));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const out = {};
    for (const [name, , type] of fields) {
      const input = form.elements[name];
      const v = type === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
      if (v) out[name] = v;
    }
    go(path, out);
  });
  return form;
}

const QUADS = [["", "any"], ["1", "1 verbal cooperation"], ["2", "2 material cooperation"], ["3", "3 verbal conflict"], ["4", "4 material conflict"]];
const EVENT_FIELDS = [
  ["source", "Source", "text", "RUS"], ["target", "Target", "text", "UKR"], ["dyad", "Dyad", "text", "USA-RUS"],
  ["code", "CAMEO code", "text", "190"], ["root", "Root", "text", "19"], ["quad", "QuadClass", QUADS],
  ["since", "Since", "date"], ["until", "Until", "date"], ["text", "Article words", "text"],
  ["with_duplicates", "with duplicates", "checkbox"],
];

function articleLink(id, text) {
  return el("a", { href: "#/article/" + id }, text || "article " + id);
}

function eventTable(events, caption) {
  const rows = events.map((e) => el("tr", {},
    el("td", {}, e.date),
    el("td", {}, el("abbr", { title: e.source_name || "" }, e.source)),
    el("td", {}, el("abbr", { title: e.target_name || "" }, e.target)),
    el("td", {}, el("code", {}, e.code), " ", e.name || ""),
    el("td", { class: "num" }, e.quad_class ?? ""),
    el("td", { class: "num" }, fmt(e.goldstein, 1)),
    el("td", {}, e.modality),
    el("td", {}, e.sentence_text),
    el("td", {}, articleLink(e.article_id, e.title || "article " + e.article_id))));
  return el("div", { class: "table-wrap" }, el("table", { class: "events" },
    el("caption", { class: "meta" }, caption),
    el("thead", {}, el("tr", {}, ["Date", "Source", "Target", "Event", "Quad", "Goldstein", "Modality", "Sentence", "Article"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows)));
}

function pager(total, limit, offset, onPage) {
  const last = Math.min(offset + limit, total);
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: offset === 0, onclick: () => onPage(Math.max(0, offset - limit)) }, "Previous"),
    el("span", {}, total === 0 ? "none" : `${offset + 1}–${last} of ${total}`),
    el("button", { type: "button", disabled: last >= total, onclick: () => onPage(offset + limit) }, "Next"));
}

// ---- dyad view: daily cooperation vs conflict and mean Goldstein; a day opens its events

async function dyadView(params) {
  view.replaceChildren(el("h2", {}, "Dyad over time"),
    filterForm("dyad", [["dyad", "Dyad", "text", "USA-RUS"], ["actor", "or actor", "text", "UKR"], ["since", "Since", "date"], ["until", "Until", "date"]], params, "Show"));
  const data = await api("/api/aggregates", { dyad: params.dyad, actor: params.actor, since: params.since, until: params.until });
  const what = data.dyad ? "dyad " + data.dyad : data.actor ? "actor " + data.actor : "all events";
  const days = data.days;
  const events = el("section", { id: "day-events", "aria-live": "polite" });
  if (days.length === 0) {
    view.append(el("p", {}, `No events for ${what}.`));
    return;
  }
  const open = (day) => showDay(day, params, events);
  view.append(
    el("p", { class: "meta" }, `${what}: ${days.reduce((n, d) => n + d.events, 0)} events on ${days.length} days. Select a day to see its events.`),
    chart(days, open, what),
    el("div", { class: "legend" },
      el("span", {}, el("span", { class: "swatch coop" }), "cooperation (QuadClass 1–2), above the axis"),
      el("span", {}, el("span", { class: "swatch conflict" }), "conflict (QuadClass 3–4), below"),
      el("span", {}, el("span", { class: "swatch gline" }), "mean Goldstein (−10…+10)")),
    el("details", {}, el("summary", {}, "Days as a table"), dayTable(days, open)),
    events);
  if (params.day) open(params.day);
}

function chart(days, open, what) {
  const W = 900, H = 300, pad = 36, mid = H / 2;
  const maxCount = Math.max(1, ...days.map((d) => Math.max(d.cooperation, d.conflict)));
  // Calendar days on the x axis, so quiet days show as gaps.
  const dayNumber = (d) => Math.round(Date.parse(d + "T00:00:00Z") / 86400000);
  const first = dayNumber(days[0].date), span = dayNumber(days[days.length - 1].date) - first + 1;
  const step = (W - 2 * pad) / span;
  const barW = Math.max(2, Math.min(24, step * 0.7));
  const y = (n) => (n / maxCount) * (mid - pad);
  const gy = (g) => mid - (g / 10) * (mid - pad);
  const svg = el("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `Daily cooperation and conflict, ${what}` },
    el("line", { class: "axis", x1: pad, x2: W - pad, y1: mid, y2: mid }),
    el("text", { x: 4, y: pad }, String(maxCount)),
    el("text", { x: 4, y: H - pad + 10 }, String(maxCount)),
    el("text", { x: W - pad + 4, y: gy(10) + 4 }, "+10"),
    el("text", { x: W - pad + 4, y: gy(-10) + 4 }, "−10"));
  const points = [];
  days.forEach((d, i) => {
    const x = pad + (dayNumber(d.date) - first) * step + step / 2;
    const label = `${d.date}: ${d.cooperation} cooperation, ${d.conflict} conflict, mean Goldstein ${fmt(d.goldstein_mean, 1)}`;
    const g = el("g", { class: "day", tabindex: 0, role: "button", "aria-label": label, "data-date": d.date },
      el("title", {}, label),
      el("rect", { class: "hit", x: x - step / 2, y: pad / 2, width: step, height: H - pad }),
      el("rect", { class: "coop", x: x - barW / 2, y: mid - y(d.cooperation), width: barW, height: y(d.cooperation) }),
      el("rect", { class: "conflict", x: x - barW / 2, y: mid, width: barW, height: y(d.conflict) }));
    g.addEventListener("click", () => open(d.date));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(d.date); } });
    svg.append(g);
    if (d.goldstein_mean !== null) points.push(`${x},${gy(d.goldstein_mean)}`);
    if (i === 0 || i === days.length - 1 || (days.length > 2 && i === Math.floor(days.length / 2)))
      svg.append(el("text", { x: x - 30, y: H - 6 }, d.date));
  });
  svg.append(el("polyline", { class: "gline", points: points.join(" ") }));
  for (const p of points) { const [cx, cy] = p.split(","); svg.append(el("circle", { class: "gdot", cx, cy, r: 2.5 })); }
  return svg;
}

function dayTable(days, open) {
  return el("div", { class: "table-wrap" }, el("table", { class: "days" },
    el("thead", {}, el("tr", {}, ["Day", "Events", "Cooperation", "Conflict", "Quad 1/2/3/4", "Mean Goldstein"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, days.map((d) => el("tr", {},
      el("td", {}, el("button", { type: "button", class: "link", onclick: () => open(d.date) }, d.date)),
      el("td", { class: "num" }, d.events), el("td", { class: "num" }, d.cooperation), el("td", { class: "num" }, d.conflict),
      el("td", {}, d.quad.join(" / ")), el("td", { class: "num" }, fmt(d.goldstein_mean, 2)))))));
}

async function showDay(day, params, target) {
  document.querySelectorAll(".chart .day").forEach((g) => g.classList.toggle("selected", g.dataset.date === day));
  const filter = { since: day, until: day, limit: 1000 };
  if (params.dyad) filter.dyad = params.dyad;
  const data = params.actor
    ? await actorDayEvents(params.actor, day)
    : await api("/api/events", filter);
  target.replaceChildren(el("h3", { id: "day-heading", tabindex: -1 }, `Events on ${day}`),
    eventTable(data.events, `${data.events.length} events${params.dyad ? " of " + params.dyad : ""} on ${day}`));
  target.querySelector("#day-heading").focus();
}

/** An actor's events of a day: as source and as target, merged by id. */
async function actorDayEvents(actor, day) {
  const [a, b] = await Promise.all([
    api("/api/events", { source: actor, since: day, until: day, limit: 1000 }),
    api("/api/events", { target: actor, since: day, until: day, limit: 1000 })]);
  const byId = new Map([...a.events, ...b.events].map((e) => [e.id, e]));
  return { events: [...byId.values()].sort((x, y) => x.id - y.id) };
}

// ---- event table with the command line's filters

async function eventsView(params) {
  view.replaceChildren(el("h2", {}, "Events"), filterForm("events", EVENT_FIELDS, params, "Filter"));
  const offset = Number(params.offset || 0), limit = 100;
  const query = { ...params, limit, offset };
  const data = await api("/api/events", query);
  view.append(pager(data.total, limit, offset, (o) => go("events", { ...params, offset: String(o) })),
    eventTable(data.events, `${data.total} events`));
}

// ---- articles: list and one article with its annotations

async function articlesView(params) {
  view.replaceChildren(el("h2", {}, "Articles"),
    filterForm("articles", [["since", "Since", "date"], ["until", "Until", "date"], ["text", "Words", "text"], ["with_duplicates", "with duplicates", "checkbox"]], params, "Filter"));
  const offset = Number(params.offset || 0), limit = 50;
  const data = await api("/api/articles", { ...params, limit, offset });
  view.append(pager(data.total, limit, offset, (o) => go("articles", { ...params, offset: String(o) })),
    el("div", { class: "table-wrap" }, el("table", {},
      el("thead", {}, el("tr", {}, ["Date", "Title", "Site", "Events", "Actors"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, data.articles.map((a) => el("tr", {},
        el("td", {}, a.date), el("td", {}, articleLink(a.id, a.title || a.source)), el("td", {}, a.site || ""),
        el("td", { class: "num" }, a.n_events), el("td", { class: "num" }, a.n_actors)))))));
}

async function articleView(id) {
  const a = await api("/api/articles/" + encodeURIComponent(id));
  const quotes = a.quotes || [];
  const spans = [];
  for (const m of a.actors) spans.push([m.start, m.end, "actor", `${m.code} ${m.name}`]);
  for (const e of a.events) {
    const ev = e.evidence || {};
    if (ev.verb) spans.push([ev.verb.start, ev.verb.end, "verb", `${e.code} ${e.name || ""} (${e.rule})`]);
    for (const p of ev.pattern || []) spans.push([p.start, p.end, "verb", `${e.code} pattern word`]);
  }
  for (const q of quotes) spans.push([q.start, q.end, "quote", `${q.kind} quote by ${speakerOf(q)}`]);
  view.replaceChildren(
    el("h2", {}, a.title || a.source),
    el("p", { class: "meta" }, [a.date, a.site, a.author].filter(Boolean).join(" · "), a.url ? " · " : "",
      a.url ? el("a", { href: a.url, rel: "noreferrer" }, "original") : "",
      a.duplicate_of ? el("span", {}, " · duplicate of ", articleLink(a.duplicate_of)) : ""),
    el("div", { class: "legend", "aria-label": "Highlights" },
      el("span", {}, el("span", { class: "swatch actor" }), `actors (${a.actors.length})`),
      el("span", {}, el("span", { class: "swatch verb" }), `event verbs (${a.events.length} events)`),
      el("span", {}, el("span", { class: "swatch quote" }), `quotes (${quotes.length})`)),
    el("div", { class: "article-text", id: "article-text" }, highlight(a.text, spans)),
    el("h3", {}, "Events"),
    el("div", { class: "table-wrap" }, el("table", { class: "article-events" },
      el("thead", {}, el("tr", {}, ["Sentence", "Source", "Event", "Target", "Modality", "Evidence", "Rule"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, a.events.map((e) => el("tr", {},
        el("td", { class: "num" }, e.sentence + 1),
        el("td", {}, e.source, el("br"), el("span", { class: "meta" }, e.source_name || "")),
        el("td", {}, el("code", {}, e.code), " ", e.name || "", el("br"), el("span", { class: "meta" }, `Goldstein ${fmt(e.goldstein, 1)}`)),
        el("td", {}, e.target, el("br"), el("span", { class: "meta" }, e.target_name || "")),
        el("td", {}, e.modality),
        el("td", {}, evidenceText(e.evidence)),
        el("td", {}, el("code", {}, e.rule))))))),
    quotes.length ? el("h3", {}, "Quotes") : "",
    quotes.length ? el("ul", { class: "quotes" }, quotes.map(quoteItem)) : "");
}

function evidenceText(ev) {
  if (!ev) return "";
  const parts = [];
  if (ev.source) parts.push(`source “${ev.source.text}”`);
  if (ev.verb) parts.push(`verb “${ev.verb.text}”`);
  for (const p of ev.pattern || []) parts.push(`“${p.text}”`);
  if (ev.target) parts.push(`target “${ev.target.text}”`);
  return parts.join(", ");
}

/** The text with spans (code points) wrapped in <mark> elements; overlapping spans nest as classes. */
function highlight(text, spans) {
  const chars = Array.from(text);
  const classes = new Array(chars.length + 1).fill(null).map(() => new Set());
  const titles = new Array(chars.length + 1).fill(null).map(() => []);
  for (const [start, end, cls, title] of spans) {
    for (let i = Math.max(0, start); i < Math.min(end, chars.length); i++) {
      classes[i].add(cls);
      if (i === start) titles[i].push(title);
    }
  }
  const out = [];
  let i = 0;
  while (i < chars.length) {
    const key = [...classes[i]].sort().join(" ");
    let j = i + 1;
    while (j < chars.length && [...classes[j]].sort().join(" ") === key && titles[j].length === 0) j++;
    const piece = chars.slice(i, j).join("");
    out.push(key ? el("mark", { class: key, title: titles[i].join("; ") || null }, piece) : piece);
    i = j;
  }
  return out;
}

// ---- quotes by speaker

/** The resolved speaker's name, else the speaker phrase as written. */
function speakerOf(q) {
  return q.speaker || (q.speaker_span && q.speaker_span.text) || "unknown speaker";
}

function quoteItem(q) {
  // <q> adds the quotation marks; a direct quote's stored text carries its own.
  return el("li", {}, el("q", {}, q.text.replace(/^[\s"“”]+|[\s,"“”]+$/g, "")),
    el("span", { class: "meta" }, " — ", speakerOf(q), q.speaker_code ? ` (${q.speaker_code})` : "",
      `, ${q.kind}`, q.date ? ", " + q.date : "", " "),
    articleLink(q.article_id, q.title || "article " + q.article_id));
}

async function quotesView(params) {
  view.replaceChildren(el("h2", {}, "Quotes by speaker"),
    filterForm("quotes", [["speaker", "Speaker", "text"], ["speaker_code", "Speaker code", "text", "USAGOV"], ["since", "Since", "date"], ["until", "Until", "date"], ["text", "Words", "text"]], params, "Filter"));
  const data = await api("/api/quotes", { ...params, limit: 1000 });
  const bySpeaker = new Map();
  for (const q of data.quotes) {
    const who = speakerOf(q);
    if (!bySpeaker.has(who)) bySpeaker.set(who, []);
    bySpeaker.get(who).push(q);
  }
  const groups = [...bySpeaker.entries()].sort((a, b) => b[1].length - a[1].length);
  view.append(el("p", { class: "meta" }, `${data.total} quotes, ${groups.length} speakers`),
    ...groups.map(([who, qs]) => el("section", { class: "card speaker" },
      el("h3", {}, `${who} (${qs.length})`), el("ul", {}, qs.map(quoteItem)))));
}

// ---- tracker: ceasefire and negotiation tracks with their steps

async function trackerView(params) {
  view.replaceChildren(el("h2", {}, "Ceasefire and negotiation tracker"),
    filterForm("tracker", [["dyad", "Dyad", "text", "RUS-UKR"], ["since", "Since", "date"], ["until", "Until", "date"]], params, "Show"));
  const data = await api("/api/tracker", params);
  if (data.tracks.length === 0) {
    view.append(el("p", {}, `No ceasefire or negotiation track in ${data.events} events.`));
    return;
  }
  view.append(el("p", { class: "meta" }, `${data.tracks.length} tracks from ${data.events} events`),
    ...data.tracks.map(trackCard));
}

function sideName(side) {
  if (!side) return "";
  return side.name && side.name !== side.code ? `${side.name} (${side.code})` : side.code;
}

function words(x) {
  return String(x || "").replace(/_/g, " ");
}

function trackCard(t) {
  const dyad = (t.dyad || []).map(sideName).join(" – ");
  return el("section", { class: "card track", "aria-label": `${dyad}: ${words(t.topic)}` },
    el("h3", {}, `${dyad}: ${words(t.topic)} `, el("span", { class: "status-badge" }, words(t.status))),
    el("p", { class: "meta" }, `${t.first_date} to ${t.last_date}, ${(t.steps || []).length} steps`,
      t.mediators && t.mediators.length ? "; mediators: " + t.mediators.map(sideName).join(", ") : ""),
    el("div", { class: "table-wrap" }, el("table", { class: "steps" },
      el("thead", {}, el("tr", {}, ["Date", "Step", "Who → whom", "Event", "Modality", "Status after", "Evidence", "Articles"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, (t.steps || []).map((s) => el("tr", { class: s.done ? "done" : "not-done" },
        el("td", {}, s.date),
        el("td", {}, words(s.kind), s.role === "mediator" ? " (mediator)" : ""),
        el("td", {}, `${s.source_name || s.source} → ${s.target_name || s.target}`),
        el("td", {}, el("code", {}, s.code), " ", s.code_name || ""),
        el("td", {}, s.modality, s.done ? "" : " (not done)"),
        el("td", {}, words(s.status)),
        el("td", {}, s.sentence || ""),
        el("td", {}, (s.articles || []).map((a) => [articleLink(a.id, a.title || "article " + a.id), " "]))))))));
}

// ---- routing

const VIEWS = { dyad: dyadView, events: eventsView, articles: articlesView, quotes: quotesView, tracker: trackerView };

async function route() {
  const { parts, params } = routeParams();
  const name = parts[0] || "dyad";
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === (name === "article" ? "articles" : name)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  say("Loading…");
  try {
    if (name === "article") await articleView(parts[1]);
    else if (VIEWS[name]) await VIEWS[name](params);
    else throw new Error("no such view: " + name);
    document.title = "detente · " + name;
    say("");
  } catch (e) {
    say(e.message, true);
  }
}

window.addEventListener("hashchange", route);
route();
