/** Raw material for the seed: a Dutch bakery group, its customers and what it sells. */

export const MAIN_DIVISION = 1234567;
export const SECOND_DIVISION = 2345678;
/** A third administration (issue 18: a user with three divisions, each with its own data), seeded last. */
export const THIRD_DIVISION = 3456789;

export const SEED_USERS = [
  { first: "Sanne", last: "de Vries", email: "sanne@korenschoof.example", phone: "+31 20 555 0101", mobile: "+31 6 1234 5601" },
  { first: "Pieter", last: "Jansen", email: "pieter@korenschoof.example", phone: "+31 20 555 0102", mobile: "+31 6 1234 5602" },
  { first: "Fatima", last: "El Amrani", email: "fatima@korenschoof.example", phone: "+31 20 555 0103", mobile: "+31 6 1234 5603" },
  { first: "Joost", last: "Bakker", email: "joost@korenschoof.example", phone: "+31 20 555 0104", mobile: "+31 6 1234 5604" },
] as const;

export const MAIN_ACCOUNTS: ReadonlyArray<readonly [name: string, city: string]> = [
  ["O'Brien Consultancy", "Amsterdam"],
  ["Hotel De Zwaan", "Utrecht"],
  ["Restaurant 't Pakhuis", "Rotterdam"],
  ["Lunchroom Het Zonnetje", "Haarlem"],
  ["Café De Kroon", "Leiden"],
  ["Supermarkt Van den Berg", "Amersfoort"],
  ["Zorgcentrum Rivierduin", "Leiden"],
  ["Kinderopvang De Vlindertuin", "Zeist"],
  ["Brasserie Dok Zuid", "Rotterdam"],
  ["Koffiebar Bonenberg", "Utrecht"],
  ["Catering Smulders & Zn.", "Eindhoven"],
  ["Gemeente Houten", "Houten"],
  ["Basisschool De Regenboog", "Nieuwegein"],
  ["Sportcafé De Kantine", "Hilversum"],
  ["Van Dijk Evenementen B.V.", "Den Haag"],
  ["Delicatessenwinkel Smaakvol", "Delft"],
  ["Strandpaviljoen Zeezicht", "Zandvoort"],
  ["Hotel-Restaurant De Gouden Leeuw", "Apeldoorn"],
  ["Studentenvereniging Minerva", "Leiden"],
  ["Bedrijfsrestaurant TechPark", "Eindhoven"],
  ["Ziekenhuis Gelderse Vallei", "Ede"],
  ["Theehuis Rhijnauwen", "Bunnik"],
  ["Pannenkoekenhuis De Molen", "Gouda"],
  ["Boerderijwinkel Hoeve Nooitgedacht", "Woerden"],
  ["Verpleeghuis Zonnehof", "Amersfoort"],
  ["Bistro Het Veerhuis", "Wijk bij Duurstede"],
  ["Groothandel Meelfabriek Noord", "Groningen"],
  ["Molen De Hoop Graanhandel", "Zwolle"],
  ["Verpakkingen Holland B.V.", "Tilburg"],
  ["Kantoorpand De Werf Beheer", "Amsterdam"],
  ["Fietskoeriers Utrecht", "Utrecht"],
  ["Camping Het Bos", "Ermelo"],
  ["IJssalon Venezia", "Arnhem"],
  ["Golfclub De Hooge Bergsche", "Rotterdam"],
  ["Yogastudio Ademruimte", "Utrecht"],
  ["Buurthuis De Pijp", "Amsterdam"],
  ["Kerkgemeente Sint Jan", "Den Bosch"],
  ["Filmhuis Lumière", "Maastricht"],
  ["Museumcafé Het Depot", "Rotterdam"],
  ["Bakkersgilde Midden-Nederland", "Utrecht"],
  ["Autobedrijf Hendriks", "Venlo"],
  ["Tandartspraktijk Glimlach", "Breda"],
  ["Marktkraam Fam. Yilmaz", "Den Haag"],
  ["Congrescentrum Jaarbeurs Catering", "Utrecht"],
  ["Scouting Baden-Powell Groep", "Bilthoven"],
];

export const SECOND_ACCOUNTS: ReadonlyArray<readonly [name: string, city: string]> = [
  ["Huurder Bloemenzaak Flora", "Utrecht"],
  ["Huurder Kapsalon Knip", "Utrecht"],
  ["Installatiebedrijf Warmte & Co", "Nieuwegein"],
  ["Schoonmaakbedrijf Glans", "Zeist"],
  ["Vereniging van Eigenaars Oudegracht 12", "Utrecht"],
];

export const FIRST_NAMES = [
  "Jan", "Emma", "Daan", "Julia", "Sem", "Tess", "Lucas", "Sophie", "Milan", "Anna", "Levi", "Fleur", "Bram",
  "Noor", "Finn", "Lotte", "Thijs", "Sara", "Ruben", "Iris", "Mohamed", "Yara", "Kees", "Ingrid", "Wouter",
  "Mila", "Hugo", "Eva", "Jesse", "Lieke", "Ahmed", "Roos", "Stijn", "Femke", "Tim", "Nina",
] as const;

export const LAST_NAMES = [
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
  "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
  "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen", "van den Heuvel",
  "Yilmaz", "El Idrissi", "Schouten", "Willems", "Hoekstra", "Koster", "Prins",
] as const;

export const JOB_TITLES = [
  "Eigenaar", "Bedrijfsleider", "Chef-kok", "Inkoper", "Office manager", "Facilitair manager", "Administrateur",
  "Directeur", "Teamleider keuken", "Controller",
] as const;

/** Items the bakery sells: description, item code, unit price, VAT fraction. */
export const BAKERY_ITEMS: ReadonlyArray<readonly [description: string, code: string, price: number, vat: number]> = [
  ["Volkorenbrood", "BR-VK", 3.45, 0.09],
  ["Witbrood tijger", "BR-WT", 2.95, 0.09],
  ["Croissants (doos 12)", "VK-CR12", 14.95, 0.09],
  ["Krentenbollen (zak 6)", "BR-KB6", 4.25, 0.09],
  ["Appeltaart groot", "TA-AP", 18.5, 0.09],
  ["Speculaas (kg)", "KO-SP", 12.8, 0.09],
  ["Saucijzenbroodjes (doos 20)", "HA-SB20", 27.0, 0.09],
  ["Taart op maat", "TA-MAAT", 45.0, 0.09],
  ["Lunchcatering per persoon", "CA-LUNCH", 12.5, 0.09],
  ["Bezorgkosten", "DI-BEZ", 15.0, 0.21],
  ["Huur broodkratten", "DI-KRAT", 2.5, 0.21],
  ["Workshop broodbakken", "DI-WS", 65.0, 0.21],
];

export const REAL_ESTATE_ITEMS: ReadonlyArray<readonly [description: string, code: string, price: number, vat: number]> = [
  ["Huur bedrijfsruimte (maand)", "HUUR-BR", 1850, 0.21],
  ["Servicekosten (maand)", "SERV", 215, 0.21],
  ["Onderhoud installaties", "OND", 340, 0.21],
];

/** Journals of each division: [code, description, Exact's type]. The second division keeps two sales journals. */
export const MAIN_JOURNALS: ReadonlyArray<readonly [code: string, description: string, type: number]> = [
  ["10", "Kas", 10],
  ["20", "Bank", 12],
  ["60", "Inkoopboek", 22],
  ["70", "Verkoopboek", 20],
  ["90", "Memoriaal", 90],
];
export const SECOND_JOURNALS: ReadonlyArray<readonly [code: string, description: string, type: number]> = [
  ["20", "Bank", 12],
  ["70", "Verkoopboek huur", 20],
  ["71", "Verkoopboek servicekosten", 20],
  ["90", "Memoriaal", 90],
];

export const THIRD_ACCOUNTS: ReadonlyArray<readonly [name: string, city: string]> = [
  ["Kookstudio Het Deeg", "Amsterdam"],
  ["Bakkersschool Noord", "Groningen"],
  ["Workshop Broodbakken Zwolle", "Zwolle"],
];

export const THIRD_ITEMS: ReadonlyArray<readonly [description: string, code: string, price: number, vat: number]> = [
  ["Workshop zuurdesem (per persoon)", "WS-ZD", 85, 0.21],
  ["Bakcursus basis (6 lessen)", "CUR-B6", 320, 0.21],
];
