/**
 * The hosted connect page's own words, four languages side by side (the widget's table does the same);
 * what the widget's dialog also says (region, permissions, models, actions, errors) comes from its catalogue.
 */
import { catalogue, type Catalogue } from "../../src/i18n/translations";
import { LOCALES, type Locale } from "../../src/i18n/locale";

type Row = readonly [en: string, nl: string, de: string, fr: string];

const rows = {
  title: ["Connect Exact Online", "Exact Online koppelen", "Exact Online verbinden", "Connecter Exact Online"],
  intro: [
    "Choose your region and review what this app may do. Continue takes you to Exact Online to sign in and approve.",
    "Kies je regio en bekijk wat deze app mag doen. Met Doorgaan ga je naar Exact Online om in te loggen en toestemming te geven.",
    "Wählen Sie Ihre Region und prüfen Sie, was diese App darf. Weiter führt Sie zu Exact Online, um sich anzumelden und zuzustimmen.",
    "Choisissez votre région et vérifiez ce que cette application peut faire. Continuer vous mène à Exact Online pour vous connecter et autoriser.",
  ],
  goneTitle: ["This link can no longer be used", "Deze link kan niet meer worden gebruikt", "Dieser Link ist nicht mehr gültig", "Ce lien ne peut plus être utilisé"],
  expired: [
    "This connection link has expired. Ask for a new link.",
    "Deze koppelingslink is verlopen. Vraag om een nieuwe link.",
    "Dieser Verbindungslink ist abgelaufen. Fordern Sie einen neuen Link an.",
    "Ce lien de connexion a expiré. Demandez un nouveau lien.",
  ],
  used: [
    "A connection has already been made through this link. Ask for a new link to connect again.",
    "Via deze link is al een koppeling gemaakt. Vraag om een nieuwe link om opnieuw te koppelen.",
    "Über diesen Link wurde bereits eine Verbindung hergestellt. Fordern Sie für eine neue Verbindung einen neuen Link an.",
    "Une connexion a déjà été établie avec ce lien. Demandez un nouveau lien pour vous reconnecter.",
  ],
  revoked: [
    "This connection link was withdrawn. Ask for a new link.",
    "Deze koppelingslink is ingetrokken. Vraag om een nieuwe link.",
    "Dieser Verbindungslink wurde zurückgezogen. Fordern Sie einen neuen Link an.",
    "Ce lien de connexion a été retiré. Demandez un nouveau lien.",
  ],
  unknownTitle: ["Link not found", "Link niet gevonden", "Link nicht gefunden", "Lien introuvable"],
  unknown: [
    "This connection link is not valid. Check that you opened the whole link.",
    "Deze koppelingslink is ongeldig. Controleer of je de hele link hebt geopend.",
    "Dieser Verbindungslink ist ungültig. Prüfen Sie, ob Sie den ganzen Link geöffnet haben.",
    "Ce lien de connexion n’est pas valide. Vérifiez que vous avez ouvert le lien complet.",
  ],
  done: [
    "Connected to Exact Online — you can close this tab.",
    "Gekoppeld met Exact Online — je kunt dit tabblad sluiten.",
    "Mit Exact Online verbunden — Sie können diesen Tab schließen.",
    "Connecté à Exact Online — vous pouvez fermer cet onglet.",
  ],
  crossSite: [
    "This form can only be sent from its own page. Open the link again.",
    "Dit formulier kan alleen vanaf de eigen pagina worden verstuurd. Open de link opnieuw.",
    "Dieses Formular kann nur von seiner eigenen Seite gesendet werden. Öffnen Sie den Link erneut.",
    "Ce formulaire ne peut être envoyé que depuis sa propre page. Ouvrez à nouveau le lien.",
  ],
  userMismatch: [
    "This link reconnects an existing connection and accepts only the Exact Online user who made it. Nothing was changed. Sign in to Exact Online as that user, or ask for a new link.",
    "Deze link herstelt een bestaande koppeling en accepteert alleen de Exact Online-gebruiker die hem maakte. Er is niets gewijzigd. Log in bij Exact Online als die gebruiker, of vraag om een nieuwe link.",
    "Dieser Link erneuert eine bestehende Verbindung und akzeptiert nur den Exact-Online-Benutzer, der sie hergestellt hat. Es wurde nichts geändert. Melden Sie sich als dieser Benutzer an oder fordern Sie einen neuen Link an.",
    "Ce lien rétablit une connexion existante et n’accepte que l’utilisateur Exact Online qui l’a créée. Rien n’a été modifié. Connectez-vous avec cet utilisateur ou demandez un nouveau lien.",
  ],
  tryAgain: ["Try again", "Opnieuw proberen", "Erneut versuchen", "Réessayer"],
} satisfies Record<string, Row>;

export type PageText = { [K in keyof typeof rows]: string } & { widget: Catalogue };

export function pageText(locale: Locale): PageText {
  const index = LOCALES.indexOf(locale);
  const own = Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, row[index]])) as { [K in keyof typeof rows]: string };
  return { ...own, widget: catalogue(locale) };
}

/** `?locale=` when we speak it, else the first language of Accept-Language we speak (by q), else English. */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined): Locale {
  const speak = (tag: string | undefined) => {
    const language = tag?.trim().slice(0, 2).toLowerCase();
    return (LOCALES as readonly string[]).includes(language ?? "") ? (language as Locale) : undefined;
  };
  const asked = speak(query);
  if (asked) return asked;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .slice(0, 20)
    .map((part, order) => {
      const [tag, ...params] = part.split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { tag, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const entry of ranked) {
    const locale = speak(entry.tag);
    if (locale) return locale;
  }
  return "en";
}

export type Theme = "light" | "dark" | "system";
export const pickTheme = (value: string | undefined): Theme => (value === "light" || value === "dark" ? value : "system");
