/**
 * The division picker (issue 18): the page the OAuth callback renders when the token reaches several divisions, in
 * the popup, in the tab (redirect mode) and after a hosted link alike. A plain form that works without script (a
 * list of checkboxes, or radios for `divisionSelection: "single"`, and Continue); a small nonce'd script adds the
 * filter, "select all shown", and ends the attempt when the user leaves without choosing (a beacon). Strict CSP,
 * no external assets, four languages, light and dark. The choice token is the only secret in the page.
 */
import { randomBytes } from "node:crypto";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import type { DivisionPicker } from "../connect-flow/pending-choice";
import { STYLE } from "../connect-links/link-pages";
import type { Theme } from "../connect-links/page-text";
import { escapeHtml as e } from "./callback-page";

type Row = readonly [en: string, nl: string, de: string, fr: string];

const rows = {
  title: ["Choose administrations", "Kies administraties", "Administrationen auswählen", "Choisissez des administrations"],
  titleSingle: ["Choose an administration", "Kies een administratie", "Administration auswählen", "Choisissez une administration"],
  intro: [
    "Your Exact Online account gives access to several administrations. Choose the ones this app may use.",
    "Je Exact Online-account geeft toegang tot meerdere administraties. Kies de administraties die deze app mag gebruiken.",
    "Ihr Exact-Online-Konto hat Zugriff auf mehrere Administrationen. Wählen Sie die aus, die diese App nutzen darf.",
    "Votre compte Exact Online donne accès à plusieurs administrations. Choisissez celles que cette application peut utiliser.",
  ],
  introSingle: [
    "Your Exact Online account gives access to several administrations. Choose the one this app may use.",
    "Je Exact Online-account geeft toegang tot meerdere administraties. Kies de administratie die deze app mag gebruiken.",
    "Ihr Exact-Online-Konto hat Zugriff auf mehrere Administrationen. Wählen Sie die aus, die diese App nutzen darf.",
    "Votre compte Exact Online donne accès à plusieurs administrations. Choisissez celle que cette application peut utiliser.",
  ],
  legend: ["Administrations", "Administraties", "Administrationen", "Administrations"],
  search: ["Search administrations", "Administraties zoeken", "Administrationen suchen", "Rechercher des administrations"],
  shown: ["{n} of {total} shown", "{n} van {total} getoond", "{n} von {total} angezeigt", "{n} sur {total} affichées"],
  selectAll: ["Select all shown", "Alle getoonde selecteren", "Alle angezeigten auswählen", "Tout sélectionner (affichées)"],
  current: ["current", "huidige", "aktuell", "actuelle"],
  continue: ["Continue", "Doorgaan", "Weiter", "Continuer"],
  noneChosen: ["Choose at least one administration.", "Kies minstens één administratie.", "Wählen Sie mindestens eine Administration.", "Choisissez au moins une administration."],
  noneChosenSingle: ["Choose an administration.", "Kies een administratie.", "Wählen Sie eine Administration.", "Choisissez une administration."],
  refusedTitle: ["This choice was refused", "Deze keuze is geweigerd", "Diese Auswahl wurde abgelehnt", "Ce choix a été refusé"],
  refused: [
    "Choose only among the administrations the page listed. Nothing was stored. Start the connection again from the app.",
    "Kies alleen uit de administraties op de pagina. Er is niets opgeslagen. Begin opnieuw met koppelen vanuit de app.",
    "Wählen Sie nur unter den aufgeführten Administrationen. Es wurde nichts gespeichert. Starten Sie die Verbindung erneut in der App.",
    "Choisissez uniquement parmi les administrations listées. Rien n’a été enregistré. Recommencez la connexion depuis l’application.",
  ],
  crossSite: [
    "This form can only be sent from its own page.",
    "Dit formulier kan alleen vanaf de eigen pagina worden verstuurd.",
    "Dieses Formular kann nur von seiner eigenen Seite gesendet werden.",
    "Ce formulaire ne peut être envoyé que depuis sa propre page.",
  ],
} satisfies Record<string, Row>;

export type PickerText = { [K in keyof typeof rows]: string };

export function pickerText(locale: Locale): PickerText {
  const index = LOCALES.indexOf(locale);
  return Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, row[index]])) as PickerText;
}

const PICKER_STYLE = `.list{list-style:none;margin:.5rem 0 0;padding:0;max-height:min(24rem,55vh);overflow:auto;border:1px solid var(--border);border-radius:8px}
.list li{display:flex;gap:.6rem;align-items:center;padding:.4rem .75rem;border-bottom:1px solid color-mix(in srgb,var(--border) 40%,transparent)}
.list li:last-child{border-bottom:0}.list li[hidden]{display:none}.list label{flex:1;cursor:pointer}
.list small,.tools small{color:var(--muted)}input[type=radio]{width:1.1rem;height:1.1rem;accent-color:var(--accent)}
input[type=search]{width:100%;margin-top:.25rem;padding:.5rem;font:inherit;color:inherit;background:var(--card);border:1px solid var(--border);border-radius:6px}
.tools .row{display:flex;justify-content:space-between;align-items:center;gap:.75rem;margin-top:.5rem}.tools .row label{display:flex;gap:.5rem;align-items:center}
.error{color:var(--accent);font-weight:600}fieldset{margin-top:.5rem}`;

export interface PickerPageInput {
  locale: Locale;
  theme: Theme;
  picker: DivisionPicker;
  /** The form's action and the beacon's URL, relative to the page (it may be served under a path prefix). */
  action: string;
  cancelAction: string;
  /**
   * Where the answer to the form may redirect (Chromium applies form-action to the redirect that answers a POST):
   * the allowed origins a redirect-mode attempt or a link goes back to.
   */
  formTargets: string[];
}

export function renderDivisionPicker(input: PickerPageInput): { html: string; headers: Record<string, string> } {
  const text = pickerText(input.locale);
  const { picker } = input;
  const single = picker.selection === "single";
  const nonce = randomBytes(16).toString("base64");
  const title = single ? text.titleSingle : text.title;
  const error = picker.error ? (single ? text.noneChosenSingle : text.noneChosen) : "";
  const items = picker.divisions
    .map((d) => {
      const id = `division-${d.code}`;
      const current = d.code === picker.currentDivision;
      const search = `${d.name} ${d.code}`.toLowerCase();
      return `<li data-search="${e(search)}"><input type="${single ? "radio" : "checkbox"}" id="${id}" name="division" value="${d.code}"${current ? " checked" : ""}><label for="${id}">${e(d.name)} <small>(${d.code}${current ? `, ${e(text.current)}` : ""})</small></label></li>`;
    })
    .join("");
  const shown = text.shown.replace("{n}", String(picker.divisions.length)).replace("{total}", String(picker.divisions.length));
  const body = `<h1 id="title">${e(title)}</h1>
<p>${e(single ? text.introSingle : text.intro)}</p>
<form id="picker" method="post" action="${e(input.action)}" data-cancel="${e(input.cancelAction)}" data-shown="${e(text.shown)}"${error ? ` aria-describedby="picker-error"` : ""}>
<input type="hidden" name="choice" value="${e(picker.choiceToken)}">
${error ? `<p id="picker-error" class="error" role="alert">${e(error)}</p>` : ""}
<div class="tools" id="tools" hidden>
<label class="field" for="filter">${e(text.search)}</label>
<input type="search" id="filter" autocomplete="off" spellcheck="false" aria-controls="divisions">
<div class="row"><small id="shown" role="status" aria-live="polite">${e(shown)}</small>${
    single ? "" : `<label for="select-all"><input type="checkbox" id="select-all" aria-controls="divisions"> ${e(text.selectAll)}</label>`
  }</div>
</div>
<fieldset><legend>${e(text.legend)}</legend>
<ul class="list" id="divisions">${items}</ul>
</fieldset>
<button type="submit">${e(text.continue)}</button>
</form>`;
  const script = `(function () {
  var form = document.getElementById("picker");
  var sent = false;
  form.addEventListener("submit", function () { sent = true; });
  // Leaving without choosing (the popup closed, the tab left) ends the attempt: nothing is stored.
  window.addEventListener("pagehide", function () {
    if (sent || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("choice", form.elements.choice.value);
    navigator.sendBeacon(form.getAttribute("data-cancel"), data);
  });
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var all = document.getElementById("select-all");
  var items = Array.prototype.slice.call(document.querySelectorAll("#divisions li"));
  var template = form.getAttribute("data-shown");
  document.getElementById("tools").hidden = false;
  function visible() { return items.filter(function (li) { return !li.hidden; }); }
  function sync() {
    if (!all) return;
    var seen = visible();
    var ticked = seen.filter(function (li) { return li.firstChild.checked; }).length;
    all.checked = seen.length > 0 && ticked === seen.length;
    all.indeterminate = ticked > 0 && ticked < seen.length;
  }
  filter.addEventListener("input", function () {
    var words = filter.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    items.forEach(function (li) {
      var hay = li.getAttribute("data-search");
      li.hidden = !words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
    shown.textContent = template.replace("{n}", String(visible().length)).replace("{total}", String(items.length));
    sync();
  });
  // Enter in the search box filters; it does not send the form.
  filter.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
  if (all) {
    all.addEventListener("change", function () { visible().forEach(function (li) { li.firstChild.checked = all.checked; }); });
    form.addEventListener("change", function (event) { if (event.target !== all) sync(); });
    sync();
  }
})();`;
  const html = `<!doctype html>
<html lang="${input.locale}" data-theme="${input.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style nonce="${nonce}">${STYLE}
${PICKER_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
  const targets = [...new Set(input.formTargets)].join(" ");
  const headers = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'${targets ? ` ${targets}` : ""}; frame-ancestors 'none'; base-uri 'none'`,
  };
  return { html, headers };
}
