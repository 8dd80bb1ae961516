import type { Action, BuiltInModel, ErrorCode } from "../protocol";
import { LOCALES } from "./locale";
import type { Locale } from "./locale";
import { triggerMessages } from "./trigger";

/**
 * Codes that only the backend's secret-key routes answer (resources, proxy): the widget calls none of
 * them, so its catalogues carry no words for them (and the dialog chunk stays within its size budget).
 * Should one arrive anyway, the failed view shows INTERNAL_ERROR's message.
 */
export type BackendOnlyErrorCode = "IDEMPOTENCY_CONFLICT" | "PAYLOAD_TOO_LARGE" | "OPERATION_NOT_SUPPORTED";
export type WidgetErrorCode = Exclude<ErrorCode, BackendOnlyErrorCode>;

/** One message in every language, in the order of `LOCALES`. A row with a language missing does not compile. */
type Row = readonly [en: string, nl: string, de: string, fr: string];
interface Table {
  [key: string]: Row | Table;
}

/**
 * Every string of the dialog, the four languages side by side. One table rather than a catalogue per
 * language: each key is written (and shipped in the dialog's chunk) once instead of four times, and a
 * message cannot be added in one language and forgotten in another. `catalogue()` below cuts out one
 * language; the button's words are in `trigger.ts` (the first load needs only those).
 */
const translations = {
  close: ["Close", "Sluiten", "Schließen", "Fermer"],
  loading: ["Loading…", "Laden…", "Wird geladen…", "Chargement…"],
  intro: [
    "Choose your region and review what this app may do.",
    "Kies je regio en bekijk wat deze app mag doen.",
    "Wählen Sie Ihre Region und prüfen Sie, was diese App darf.",
    "Choisissez votre région et vérifiez ce que cette application peut faire.",
  ],
  region: ["Region", "Regio", "Region", "Région"],
  permissions: ["Permissions", "Rechten", "Berechtigungen", "Autorisations"],
  alwaysOn: ["Always included", "Altijd inbegrepen", "Immer enthalten", "Toujours incluses"],
  optional: ["Optional", "Optioneel", "Optional", "Facultatives"],
  sandbox: [
    "Sandbox mode: a simulated Exact Online, no real data.",
    "Sandboxmodus: een gesimuleerde Exact Online, geen echte gegevens.",
    "Sandbox-Modus: ein simuliertes Exact Online, keine echten Daten.",
    "Mode bac à sable : un Exact Online simulé, sans données réelles.",
  ],
  continue: ["Continue", "Doorgaan", "Weiter", "Continuer"],
  cancel: ["Cancel", "Annuleren", "Abbrechen", "Annuler"],
  waiting: ["Waiting for Exact Online…", "Wachten op Exact Online…", "Warten auf Exact Online…", "En attente d’Exact Online…"],
  waitingHint: [
    "Sign in and approve access in the Exact Online window.",
    "Log in en geef toegang in het venster van Exact Online.",
    "Melden Sie sich im Exact-Online-Fenster an und erlauben Sie den Zugriff.",
    "Connectez-vous et autorisez l’accès dans la fenêtre d’Exact Online.",
  ],
  focusWindow: ["Focus window", "Venster tonen", "Fenster anzeigen", "Afficher la fenêtre"],
  verifying: ["Checking the connection…", "Koppeling controleren…", "Verbindung wird geprüft…", "Vérification de la connexion…"],
  connected: ["Connected to Exact Online", "Gekoppeld met Exact Online", "Mit Exact Online verbunden", "Connecté à Exact Online"],
  needsReauth: ["Reconnect needed", "Opnieuw koppelen nodig", "Erneute Verbindung nötig", "Reconnexion nécessaire"],
  needsReauthHint: [
    "Exact Online no longer accepts this connection. Connect again.",
    "Exact Online accepteert deze koppeling niet meer. Koppel opnieuw.",
    "Exact Online akzeptiert diese Verbindung nicht mehr. Verbinden Sie sich erneut.",
    "Exact Online n’accepte plus cette connexion. Reconnectez-vous.",
  ],
  company: ["Company", "Bedrijf", "Unternehmen", "Entreprise"],
  division: ["Division", "Administratie", "Administration", "Administration"],
  missingTitle: [
    "Some permissions are missing",
    "Er ontbreken rechten",
    "Einige Berechtigungen fehlen",
    "Certaines autorisations manquent",
  ],
  missingHint: [
    "Your Exact Online user may not do the following:",
    "Je Exact Online-gebruiker mag het volgende niet:",
    "Ihr Exact-Online-Benutzer darf Folgendes nicht:",
    "Votre utilisateur Exact Online ne peut pas :",
  ],
  forAdministrator: [
    "For your Exact Online administrator:",
    "Voor je Exact Online-beheerder:",
    "Für Ihren Exact-Online-Administrator:",
    "Pour votre administrateur Exact Online :",
  ],
  /** `{rights}` is replaced by the missing rights, e.g. "Contacts: create; Sales invoices: list". */
  administratorRequest: [
    "Please give my Exact Online user these rights: {rights}.",
    "Geef mijn Exact Online-gebruiker alsjeblieft deze rechten: {rights}.",
    "Bitte geben Sie meinem Exact-Online-Benutzer diese Rechte: {rights}.",
    "Merci d’accorder ces droits à mon utilisateur Exact Online : {rights}.",
  ],
  preview: ["Data preview", "Voorbeeld van gegevens", "Datenvorschau", "Aperçu des données"],
  previewEmpty: ["No records yet.", "Nog geen gegevens.", "Noch keine Datensätze.", "Aucun enregistrement pour l’instant."],
  previewError: [
    "The preview could not be loaded.",
    "Het voorbeeld kon niet worden geladen.",
    "Die Vorschau konnte nicht geladen werden.",
    "L’aperçu n’a pas pu être chargé.",
  ],
  reconnect: ["Re-connect", "Opnieuw koppelen", "Erneut verbinden", "Reconnecter"],
  disconnect: ["Disconnect", "Ontkoppelen", "Trennen", "Déconnecter"],
  failed: ["Could not connect", "Koppelen mislukt", "Verbindung fehlgeschlagen", "Connexion impossible"],
  tryAgain: ["Try again", "Opnieuw proberen", "Erneut versuchen", "Réessayer"],
  continueInTab: ["Continue in this tab", "Doorgaan in dit tabblad", "In diesem Tab fortfahren", "Continuer dans cet onglet"],
  redirecting: ["Opening Exact Online…", "Exact Online wordt geopend…", "Exact Online wird geöffnet…", "Ouverture d’Exact Online…"],
  errors: {
    VALIDATION_ERROR: [
      "The request was not valid.",
      "Het verzoek was ongeldig.",
      "Die Anfrage war ungültig.",
      "La requête n’était pas valide.",
    ],
    UNAUTHORIZED: [
      "This page may not connect.",
      "Deze pagina mag niet koppelen.",
      "Diese Seite darf sich nicht verbinden.",
      "Cette page ne peut pas se connecter.",
    ],
    INVALID_SESSION: [
      "This connection link is not valid. Reload the page.",
      "Deze koppellink is ongeldig. Laad de pagina opnieuw.",
      "Dieser Verbindungslink ist ungültig. Laden Sie die Seite neu.",
      "Ce lien de connexion n’est pas valide. Rechargez la page.",
    ],
    SESSION_EXPIRED: [
      "This connection link has expired. Reload the page.",
      "Deze koppellink is verlopen. Laad de pagina opnieuw.",
      "Dieser Verbindungslink ist abgelaufen. Laden Sie die Seite neu.",
      "Ce lien de connexion a expiré. Rechargez la page.",
    ],
    ORIGIN_NOT_ALLOWED: [
      "This website may not connect.",
      "Deze website mag niet koppelen.",
      "Diese Website darf sich nicht verbinden.",
      "Ce site ne peut pas se connecter.",
    ],
    INVALID_STATE: [
      "The sign-in could not be verified.",
      "De aanmelding kon niet worden gecontroleerd.",
      "Die Anmeldung konnte nicht geprüft werden.",
      "La connexion n’a pas pu être vérifiée.",
    ],
    STATE_EXPIRED: [
      "The sign-in took too long.",
      "De aanmelding duurde te lang.",
      "Die Anmeldung hat zu lange gedauert.",
      "La connexion a pris trop de temps.",
    ],
    ACCESS_DENIED: [
      "Access was not granted in Exact Online.",
      "Er is geen toegang verleend in Exact Online.",
      "In Exact Online wurde kein Zugriff gewährt.",
      "L’accès n’a pas été accordé dans Exact Online.",
    ],
    CONNECTION_NOT_FOUND: [
      "There is no connection yet.",
      "Er is nog geen koppeling.",
      "Es gibt noch keine Verbindung.",
      "Il n’y a pas encore de connexion.",
    ],
    INSUFFICIENT_PERMISSIONS: [
      "Your Exact Online user lacks some permissions.",
      "Je Exact Online-gebruiker mist enkele rechten.",
      "Ihrem Exact-Online-Benutzer fehlen Berechtigungen.",
      "Il manque des autorisations à votre utilisateur Exact Online.",
    ],
    NOT_FOUND: ["Not found.", "Niet gevonden.", "Nicht gefunden.", "Introuvable."],
    RATE_LIMITED: [
      "Exact Online is busy. Wait a minute.",
      "Exact Online is druk. Wacht een minuut.",
      "Exact Online ist ausgelastet. Warten Sie eine Minute.",
      "Exact Online est surchargé. Attendez une minute.",
    ],
    PROVIDER_ERROR: [
      "Exact Online reported an error.",
      "Exact Online meldde een fout.",
      "Exact Online hat einen Fehler gemeldet.",
      "Exact Online a signalé une erreur.",
    ],
    NEEDS_REAUTH: [
      "Exact Online needs you to sign in again.",
      "Exact Online vraagt je opnieuw in te loggen.",
      "Exact Online verlangt eine erneute Anmeldung.",
      "Exact Online demande de vous reconnecter.",
    ],
    INTERNAL_ERROR: [
      "Something went wrong on our side.",
      "Er ging bij ons iets mis.",
      "Bei uns ist etwas schiefgelaufen.",
      "Un problème est survenu de notre côté.",
    ],
    TOO_MANY_ATTEMPTS: [
      "Too many attempts. Try again later.",
      "Te veel pogingen. Probeer het later opnieuw.",
      "Zu viele Versuche. Später erneut versuchen.",
      "Trop de tentatives. Réessayez plus tard.",
    ],
    UNAVAILABLE: [
      "Busy. Try again soon.",
      "Bezet. Probeer het zo opnieuw.",
      "Ausgelastet. Gleich erneut versuchen.",
      "Occupé. Réessayez bientôt.",
    ],
    PROVIDER_TIMEOUT: [
      "Exact Online did not answer in time.",
      "Exact Online antwoordde niet op tijd.",
      "Exact Online antwortete nicht rechtzeitig.",
      "Exact Online n’a pas répondu à temps.",
    ],
    POPUP_BLOCKED: [
      "Your browser blocked the Exact Online window. Allow pop-ups for this site, then try again.",
      "Je browser blokkeerde het venster van Exact Online. Sta pop-ups toe voor deze site en probeer het opnieuw.",
      "Ihr Browser hat das Exact-Online-Fenster blockiert. Erlauben Sie Pop-ups für diese Seite und versuchen Sie es erneut.",
      "Votre navigateur a bloqué la fenêtre d’Exact Online. Autorisez les pop-ups pour ce site, puis réessayez.",
    ],
    POPUP_CLOSED: [
      "The Exact Online window was closed before the connection was made.",
      "Het venster van Exact Online werd gesloten voordat de koppeling klaar was.",
      "Das Exact-Online-Fenster wurde geschlossen, bevor die Verbindung bestand.",
      "La fenêtre d’Exact Online a été fermée avant la fin de la connexion.",
    ],
    CANCELLED: [
      "The connection was cancelled.",
      "Het koppelen is geannuleerd.",
      "Die Verbindung wurde abgebrochen.",
      "La connexion a été annulée.",
    ],
    NETWORK_ERROR: [
      "The server could not be reached.",
      "De server is niet bereikbaar.",
      "Der Server ist nicht erreichbar.",
      "Le serveur est injoignable.",
    ],
  } satisfies Record<WidgetErrorCode, Row>,
  models: {
    genericContact: ["Contacts", "Contactpersonen", "Kontakte", "Contacts"],
    genericCompany: ["Companies", "Relaties", "Unternehmen", "Sociétés"],
    genericUser: ["Users", "Gebruikers", "Benutzer", "Utilisateurs"],
    genericWorkspace: ["Administrations", "Administraties", "Administrationen", "Administrations"],
    accountingInvoice: ["Sales invoices", "Verkoopfacturen", "Verkaufsrechnungen", "Factures de vente"],
    accountingInvoiceItem: ["Invoice lines", "Factuurregels", "Rechnungspositionen", "Lignes de facture"],
    accountingProduct: ["Products", "Artikelen", "Artikel", "Articles"],
    accountingBill: ["Bills", "Inkoopfacturen", "Eingangsrechnungen", "Factures fournisseurs"],
    accountingPayment: ["Payments to suppliers", "Te betalen posten", "Zu zahlende Posten", "Paiements fournisseurs"],
    accountingReceivable: ["Receivables", "Te ontvangen posten", "Offene Forderungen", "Créances clients"],
    accountingLedgerAccount: ["Ledger accounts", "Grootboekrekeningen", "Sachkonten", "Comptes généraux"],
    accountingTaxRate: ["Tax rates", "Btw-codes", "Steuersätze", "Taux de TVA"],
    accountingJournalEntry: ["Journal entries", "Memoriaalboekingen", "Buchungssätze", "Écritures comptables"],
    accountingBalance: ["Balances", "Saldi", "Salden", "Soldes"],
    accountingAttachment: ["Attachments", "Bijlagen", "Anhänge", "Pièces jointes"],
  } satisfies Record<BuiltInModel, Row>,
  actions: {
    list: ["list", "overzicht", "auflisten", "lister"],
    retrieve: ["read", "lezen", "lesen", "lire"],
    create: ["create", "aanmaken", "anlegen", "créer"],
    update: ["update", "wijzigen", "ändern", "modifier"],
    delete: ["delete", "verwijderen", "löschen", "supprimer"],
  } satisfies Record<Action, Row>,
  columns: {
    name: ["Name", "Naam", "Name", "Nom"],
    email: ["Email", "E-mail", "E-Mail", "E-mail"],
    number: ["Number", "Nummer", "Nummer", "Numéro"],
    customer: ["Customer", "Klant", "Kunde", "Client"],
    total: ["Total", "Totaal", "Summe", "Total"],
    description: ["Description", "Omschrijving", "Beschreibung", "Description"],
    quantity: ["Quantity", "Aantal", "Menge", "Quantité"],
    amount: ["Amount", "Bedrag", "Betrag", "Montant"],
    code: ["Code", "Code", "Code", "Code"],
    supplier: ["Supplier", "Leverancier", "Lieferant", "Fournisseur"],
    dueDate: ["Due date", "Vervaldatum", "Fälligkeit", "Échéance"],
    fileName: ["File", "Bestand", "Datei", "Fichier"],
    subject: ["Subject", "Onderwerp", "Betreff", "Objet"],
  },
} satisfies Table;

type Strings<T> = { [K in keyof T]: T[K] extends readonly string[] ? string : Strings<T[K]> };

/** The shape of one language's catalogue (`Messages`): the button's words and the dialog's. */
export type Catalogue = (typeof triggerMessages)["en"] &
  Omit<Strings<typeof translations>, "errors"> & {
    errors: Record<WidgetErrorCode, string> & Partial<Record<BackendOnlyErrorCode, string>>;
  };

/** The table's column `index`, with the table's nesting. */
function column(table: object, index: number): object {
  return Object.fromEntries(
    Object.entries(table).map(([key, value]) => [key, Array.isArray(value) ? value[index] : column(value as object, index)]),
  );
}

/** One language's catalogue, cut out of the table. */
export function catalogue(locale: Locale): Catalogue {
  return { ...triggerMessages[locale], ...column(translations, LOCALES.indexOf(locale)) } as Catalogue;
}
